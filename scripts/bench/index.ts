/**
 * `npm run bench`: every benchmark, one after another, in one process, printing ratios measured
 * side by side in the same run. Not part of `npm test`: timings on shared machines are noisy.
 * Register a bench by adding it to `benches` below.
 */
import { cpus } from 'node:os';
import type { BenchRow } from './row';

export type Bench = { title: string; run: () => Promise<BenchRow[]> };

const benches: Bench[] = [];

/** Each bench module registers itself here with a dynamic import, so one missing module fails loudly. */
async function load(): Promise<void> {
  const { benchCore } = await import('./core');
  benches.push({ title: 'Pure core: rules engine, payload codec, QR size', run: benchCore });
  const { benchResidentCode } = await import('./resident-code');
  benches.push({ title: 'GET /v1/resident/code in-process against DynamoDB Local', run: benchResidentCode });
  const { benchVerify } = await import('./verify');
  benches.push({ title: 'POST /v1/inspector/verifications in-process against DynamoDB Local', run: benchVerify });
  const { benchFeeds } = await import('./feeds');
  benches.push({ title: 'Authority feed: the same 1,000 records on 10,000 and 100,000 residents (DynamoDB Local)', run: benchFeeds });
  const { benchBundles } = await import('./bundles');
  benches.push({ title: 'Lambda bundles (prod): zipped size and cold init above a bare node start', run: benchBundles });
  const { benchInspectorApp } = await import('./inspector-app');
  benches.push({ title: 'Inspector app: scan → verdict on screen, online (local stack) and offline; package size', run: benchInspectorApp });
}

async function main(): Promise<void> {
  // `npm run bench -- <word>` runs only the benches whose title holds the word (e.g. `bundles`);
  // anything else given would silently measure the wrong thing, so it is refused.
  const extra = process.argv.slice(2);
  if (extra.length > 1) throw new Error(`npm run bench takes at most one word, a part of a bench's title (got ${extra.join(' ')})`);
  // The handlers' access log would interleave with the rows; the logger reads its level on import.
  process.env.LOG_LEVEL = 'SILENT';
  await load();
  const only = extra[0]?.toLowerCase();
  const chosen = benches.filter((b) => !only || b.title.toLowerCase().includes(only));
  if (!chosen.length) throw new Error(`npm run bench: no bench title holds "${only}"; the titles are:\n${benches.map((b) => `  ${b.title}`).join('\n')}`);
  console.log(`npm run bench · node ${process.version} · ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}`);
  for (const bench of chosen) {
    console.log(`\n## ${bench.title}`);
    const rows = await bench.run();
    const width = Math.max(...rows.map((r) => r.name.length), 10);
    for (const row of rows) console.log(`  ${row.name.padEnd(width)}  ${row.value}${row.note ? `   (${row.note})` : ''}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error && err.message.startsWith('npm run bench') ? err.message : err);
  process.exit(1);
});
