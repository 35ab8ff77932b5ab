/** Limits and grouping shared by ./batch-get.ts and ./batch-write.ts (two modules: the stream consumer's role may read but not batch-write). */
export type Item = Record<string, unknown>;

export const GET_LIMIT = 100;
export const WRITE_LIMIT = 25;
/** Rounds of one group before giving up: unprocessed entries left after this are a failure, not a silent gap. */
export const MAX_ROUNDS = 9;

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function eachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

export function groups<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

