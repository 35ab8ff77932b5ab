/**
 * The prod package: `osls package --stage prod` and `osls print --stage prod`,
 * then every bundle is searched for dev routes, the sandbox identity providers, secrets and private
 * keys.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Secrets } from '../../functions/adapters/secrets';
import { sandboxDefine } from '../../functions/adapters/sandbox';
import { EXAMPLE_ALARM_TOPIC } from '../lib/prod-package';

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

/**
 * The sandbox identity providers' own code: the module that holds them (esbuild names every bundled
 * module in a comment, and a surviving dynamic import names it too), the inspector provider object,
 * the resident provider and what only it does (the sandbox link key, the uncertified prefix).
 * Not a marker: the `provider === "sandbox"` test of the sign-in use cases, which on prod is the
 * 403 that refuses a sandbox sign-in (the shared request schema still accepts the provider name).
 */
export const SANDBOX_PROVIDER_CODE = /sandbox-identities|sandboxInspectorProvider|sandboxOfficialProvider|residentSandboxProvider|SANDBOX_UNCERTIFIED_PREFIX|["']uncertified-["']|\.sandboxSubject\(/;

/** Markers that must never be in a prod bundle. */
export function markers(secrets: Secrets | undefined): Array<{ what: string; test: (text: string) => boolean }> {
  const list: Array<{ what: string; test: (text: string) => boolean }> = [
    { what: 'a dev route path (/v1/dev/)', test: (t) => t.includes('/v1/dev/') },
    { what: 'a PEM private key', test: (t) => /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(t) },
    { what: 'the local authority key', test: (t) => t.includes('local-authority-key') },
    { what: 'a sandbox identity provider', test: (t) => SANDBOX_PROVIDER_CODE.test(t) },
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
    for (const entry of ['serverless.ts', 'package.json', 'tsconfig.json', 'functions', 'shared', 'scripts']) cpSync(join(cwd, entry), join(work, entry), { recursive: true });
    symlinkSync(join(cwd, 'node_modules'), join(work, 'node_modules'), 'dir');
    const out = join(work, 'package-out');
    const topic = `--param=alarmTopicArn=${EXAMPLE_ALARM_TOPIC}`;
    const printed = osls(['print', '--stage', 'prod', topic], work);
    osls(['package', '--stage', 'prod', topic, '--package', out], work);
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
      // A dev route's handler file (stale build output would be zipped into every function).
      if (/functions\/http\/dev-/.test(file.slice(unpacked.length))) findings.push({ file: file.slice(unpacked.length + 1), what: 'a dev route handler file' });
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

/**
 * One handler bundled in memory the way serverless-esbuild bundles it for `stage` (serverless.ts
 * `custom.esbuild`: ESM, node22, unminified, the stage's `define`): a quick check for npm test that
 * needs no `osls package`.
 */
export async function bundleHandler(entry: string, stage: string): Promise<string> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    minify: false,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    define: sandboxDefine(stage),
    logLevel: 'silent',
  });
  return out.outputFiles.map((f) => f.text).join('\n');
}
