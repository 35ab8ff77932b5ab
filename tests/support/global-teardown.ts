import type { LocalStack } from '../../scripts/lib/stack';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __STACK__?: LocalStack }).__STACK__?.stop();
}
