/**
 * The prod package (issue 9, item 4): `osls package --stage prod` and `osls print --stage prod`,
 * then every bundle is searched for dev routes, the sandbox identity providers, secrets and private
 * keys.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Secrets } from '../../functions/adapters/secrets';

export interface BundleFinding {
  file: string;
  what: string;
}

export interface BundleResult {
  command: string;
  zips: number;
  files: number;
  printHasDevRoute: boolean;
  devFunctionsPackaged: string[];
  findings: BundleFinding[];
}

const osls = (args: string[], cwd: string) =>
  execFileSync(process.execPath, [join(cwd, 'node_modules', 'osls', 'bin', 'serverless.js'), ...args], {
    cwd,
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SECRETS_JSON: '', DYNAMODB_ENDPOINT: '' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Markers that must never be in a prod bundle. The sandbox markers are the providers' own names. */
export function markers(secrets: Secrets | undefined): Array<{ what: string; test: (text: string) => boolean }> {
  const list: Array<{ what: string; test: (text: string) => boolean }> = [
    { what: 'a dev route path (/v1/dev/)', test: (t) => t.includes('/v1/dev/') },
    { what: 'a PEM private key', test: (t) => /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(t) },
    { what: 'the local authority key', test: (t) => t.includes('local-authority-key') },
    // The providers' own code: the inspector sandbox provider object, the resident sandbox branch.
    { what: 'a sandbox identity provider', test: (t) => /sandboxInspectorProvider|provider\s*===\s*["']sandbox["']/.test(t) },
  ];
  if (secrets) {
    const values = [secrets.sessionKey, secrets.lookupKey, secrets.holderRefKey, secrets.fieldKey, ...secrets.codeKeys.map((k) => k.privateKey)].filter((v): v is string => Boolean(v));
    list.push({ what: 'a secret of the local stack', test: (t) => values.some((v) => t.includes(v)) });
  }
  return list;
}

/**
 * Packages a copy of the service in a temporary folder: serverless-esbuild works in `.esbuild/` of
 * the service folder, which a running `npm start` or test stack of this checkout is serving from.
 */
export function inspectProdPackage(cwd: string, secrets: Secrets | undefined): BundleResult {
  const work = mkdtempSync(join(tmpdir(), 'prod-package-'));
  try {
    for (const entry of ['serverless.ts', 'package.json', 'tsconfig.json', 'functions', 'shared']) cpSync(join(cwd, entry), join(work, entry), { recursive: true });
    symlinkSync(join(cwd, 'node_modules'), join(work, 'node_modules'), 'dir');
    const out = join(work, 'package-out');
    const printed = osls(['print', '--stage', 'prod'], work);
    osls(['package', '--stage', 'prod', '--package', out], work);
    const zips = readdirSync(out).filter((f) => f.endsWith('.zip'));
    const unpacked = join(work, 'unpacked');
    for (const zip of zips) {
      const dir = join(unpacked, zip.replace(/\.zip$/, ''));
      mkdirSync(dir, { recursive: true });
      execFileSync('unzip', ['-q', '-o', join(out, zip), '-d', dir]);
    }
    const files = walk(unpacked);
    const findings: BundleFinding[] = [];
    const checks = markers(secrets);
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      for (const m of checks) if (m.test(text)) findings.push({ file: file.slice(unpacked.length + 1), what: m.what });
    }
    return {
      command: 'npx osls print --stage prod && npx osls package --stage prod',
      zips: zips.length,
      files: files.length,
      printHasDevRoute: printed.includes('/v1/dev/'),
      devFunctionsPackaged: zips.filter((z) => /^dev/i.test(z)),
      findings,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
