import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createServer } from 'node:net';

/** A running DynamoDB Local (AWS's own engine, from the jar shipped in amplify-dynamodb-simulator). */
export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Asks the kernel for a free loopback TCP port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when something already accepts connections on the port. */
export async function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Resolves the emulator folder without importing the package: its main module throws outside Amplify.
 */
export function emulatorDir(): string {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const pkgJson = require.resolve('amplify-dynamodb-simulator/package.json');
  return join(dirname(pkgJson), 'emulator');
}

/**
 * Starts DynamoDB Local with Java and waits until it answers.
 * 1. pick the port (free one unless given);
 * 2. spawn java in the emulator folder, in memory or with a data folder;
 * 3. poll the endpoint until it answers HTTP.
 */
export async function startDynamoDbLocal(options: { port?: number; dataDir?: string } = {}): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const cwd = emulatorDir();
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn(
    'java',
    ['-Xmx1g', '-Djava.library.path=./DynamoDBLocal_lib', '-jar', 'DynamoDBLocal.jar', ...storage, '-sharedDb', '-port', String(port)],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(new Error(`could not start java for DynamoDB Local (is Java 17 installed?): ${err.message}`)));
    child.once('exit', (code) => reject(new Error(`DynamoDB Local exited with code ${code}:\n${output}`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  const ready = (async () => {
    while (Date.now() < deadline) {
      try {
        const res = await fetch(endpoint, { method: 'POST' });
        await res.arrayBuffer();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 150));
      }
    }
    throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s:\n${output}`);
  })();
  exited.catch(() => undefined);
  try {
    await Promise.race([ready, exited]);
  } catch (err) {
    // A Java that never answered must not stay behind holding the port (npm start exits on this error).
    await stopProcess(child);
    throw err;
  }
  return {
    endpoint,
    port,
    process: child,
    stop: () => stopProcess(child),
  };
}

/** Ends a child process: SIGTERM, then SIGKILL after a grace period. */
export async function stopProcess(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  });
}
