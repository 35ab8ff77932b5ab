/**
 * The Lambda bundles as deployed: `osls package --stage prod` offline, each function's zip size and
 * its cold init (a fresh `node --enable-source-maps` importing the bundle) as the median ms above a
 * bare `node` start, all functions side by side in the same rounds.
 */
import type { BenchRow } from './row';
import { coldInits, INIT_GOAL_MS, packageStage, unpack, ZIP_LIMIT_BYTES } from '../lib/prod-package';

/** The verify path gets tighter goals: it stands between a person and the gate. */
const TIGHT: Record<string, { kb: number; ms: number }> = { inspectorVerifications: { kb: 100, ms: 60 } };

export async function benchBundles(): Promise<BenchRow[]> {
  const pkg = packageStage(process.cwd());
  try {
    const rounds = Number(process.env.BENCH_INIT_ROUNDS ?? 7);
    const { bareMs, aboveBare } = coldInits(unpack(pkg, process.cwd()), rounds);
    const rows: BenchRow[] = [{ name: 'bare node start', value: `${bareMs.toFixed(0)} ms (median of ${rounds})`, note: pkg.command }];
    for (const fn of pkg.functions) {
      const kb = fn.zipBytes / 1024;
      const ms = aboveBare.get(fn.name) ?? NaN;
      const goal = TIGHT[fn.name] ?? { kb: ZIP_LIMIT_BYTES / 1024, ms: INIT_GOAL_MS };
      rows.push({
        name: fn.name,
        value: `${kb.toFixed(0).padStart(4)} KB zipped · init +${ms.toFixed(0).padStart(4)} ms`,
        note: `goal ≤ ${goal.kb} KB ${kb <= goal.kb ? '✓' : '✗'}, ≤ ${goal.ms} ms ${ms <= goal.ms ? '✓' : '✗'}`,
      });
    }
    return rows;
  } finally {
    pkg.cleanup();
  }
}
