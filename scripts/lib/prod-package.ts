/**
 * Packages an AWS stage offline, the way `npm run build` does (`osls package`), in a copy of the
 * service: serverless-esbuild works in `.esbuild/` of the service folder, which a running local
 * stack of this checkout serves from. Used by the template test and `npm run bench`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** An example topic: packaging needs one (serverless.ts refuses an AWS stage whose alarms notify no one). */
export const EXAMPLE_ALARM_TOPIC = 'arn:aws-cn:sns:cn-northwest-1:123456789012:health-code-alarms';

/** The package goals: every function's zip, and its cold init above a bare `node` start. */
export const ZIP_LIMIT_BYTES = 300 * 1024;
export const INIT_GOAL_MS = 150;

export interface PackagedFunction {
  /** The function's name in serverless.ts. */
  name: string;
  zip: string;
  zipBytes: number;
  /** The bundle's path inside the zip, from the template's Handler. */
  handlerFile: string;
}

export interface PackagedStage {
  work: string;
  command: string;
  // CloudFormation is untyped JSON; the test reads it by its documented shape.
  template: { Resources: Record<string, any>; Outputs: Record<string, any>; Conditions?: Record<string, unknown> };
  functions: PackagedFunction[];
  cleanup(): void;
}

export function packageStage(cwd: string, stage = 'prod', params: Record<string, string> = { alarmTopicArn: EXAMPLE_ALARM_TOPIC }): PackagedStage {
  const work = mkdtempSync(join(tmpdir(), `${stage}-package-`));
  for (const entry of ['serverless.ts', 'package.json', 'tsconfig.json', 'functions', 'shared', 'scripts']) cpSync(join(cwd, entry), join(work, entry), { recursive: true });
  symlinkSync(join(cwd, 'node_modules'), join(work, 'node_modules'), 'dir');
  const out = join(work, 'package-out');
  const args = ['package', '--stage', stage, '--package', out, ...Object.entries(params).map(([k, v]) => `--param=${k}=${v}`)];
  execFileSync(process.execPath, [join(cwd, 'node_modules', 'osls', 'bin', 'serverless.js'), ...args], {
    cwd: work,
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SECRETS_JSON: '', DYNAMODB_ENDPOINT: '' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as PackagedStage['template'];
  const handlers = new Map<string, string>();
  for (const r of Object.values(template.Resources)) {
    if (r.Type !== 'AWS::Lambda::Function') continue;
    const key = String(r.Properties.Code.S3Key);
    handlers.set(key.slice(key.lastIndexOf('/') + 1), String(r.Properties.Handler));
  }
  const functions = readdirSync(out)
    .filter((f) => f.endsWith('.zip'))
    .map((f) => {
      const handler = handlers.get(f) ?? '';
      return { name: f.replace(/\.zip$/, ''), zip: join(out, f), zipBytes: statSync(join(out, f)).size, handlerFile: `${handler.slice(0, handler.lastIndexOf('.'))}.mjs` };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    work,
    command: `npx osls ${args.join(' ').replace(` --package ${out}`, '')}`,
    template,
    functions,
    cleanup: () => rmSync(work, { recursive: true, force: true }),
  };
}

/**
 * Unzips every bundle beside a `node_modules` link to the project's, standing in for the runtime's
 * AWS SDK (the bundles leave it out); returns each bundle's file URL.
 */
export function unpack(pkg: PackagedStage, cwd: string): Map<string, string> {
  const root = join(pkg.work, 'unpacked');
  mkdirSync(root, { recursive: true });
  symlinkSync(join(cwd, 'node_modules'), join(root, 'node_modules'), 'dir');
  const urls = new Map<string, string>();
  for (const fn of pkg.functions) {
    const dir = join(root, fn.name);
    mkdirSync(dir, { recursive: true });
    execFileSync('unzip', ['-q', '-o', fn.zip, '-d', dir]);
    urls.set(fn.name, pathToFileURL(join(dir, fn.handlerFile)).href);
  }
  return urls;
}

/** The environment a function's init sees on AWS (nothing is called at import). */
export const LAMBDA_ENV = {
  STAGE: 'prod',
  TABLE_NAME: 'health-code-prod',
  AWS_REGION: 'cn-northwest-1',
  SECRETS_PARAMETER: '/lishui-health-code/prod/secrets',
  WORK_QUEUE_URL: 'https://sqs.cn-northwest-1.amazonaws.com.cn/123456789012/work',
  POWERTOOLS_SERVICE_NAME: 'health-code',
  LOG_LEVEL: 'INFO',
};

/** One fresh `node` (with Lambda's source-map flag) that imports `url`, or does nothing; its wall time in ms. */
export function timedNode(url: string | undefined): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', url ? `await import(${JSON.stringify(url)})` : ''], {
    env: { PATH: process.env.PATH, ...LAMBDA_ENV },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`import of ${url} failed: ${run.stderr.slice(0, 2000)}`);
  return ms;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Cold init of every bundle as the median ms above a bare `node` start, side by side: each round
 * starts a bare node and then every function once, so load on the machine hits all alike.
 */
export function coldInits(urls: Map<string, string>, rounds = 7): { bareMs: number; aboveBare: Map<string, number> } {
  const bare: number[] = [];
  const times = new Map<string, number[]>([...urls.keys()].map((k) => [k, []]));
  for (let i = 0; i < rounds; i++) {
    bare.push(timedNode(undefined));
    for (const [name, url] of urls) times.get(name)!.push(timedNode(url));
  }
  const bareMs = median(bare);
  return { bareMs, aboveBare: new Map([...times].map(([k, v]) => [k, median(v) - bareMs])) };
}
