import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// A private table: the handlers of this file read TABLE_NAME on first use, after this line.
const FUZZ_TABLE = `health-code-fuzz-${randomUUID().slice(0, 8)}`;
process.env.TABLE_NAME = FUZZ_TABLE;
process.env.DEV_FAULTS_FILE = join(mkdtempSync(join(tmpdir(), 'fuzz-faults-')), 'none.json');

import { routeCatalog } from '../../scripts/reliability/catalog';
import { FUZZ_EXCLUDED, SEEDS, fuzzRoute, prototypePolluted, type FuzzRouteResult } from '../../scripts/reliability/fuzz';
import { fuzzWorld } from '../../scripts/reliability/fuzz-world';
import { ensureTable, localDocumentClient } from '../../scripts/lib/table-admin';
import { seed } from '../../scripts/lib/seed';
import { secrets } from '../../functions/adapters/secrets';
import { inProcessTarget, tableSnapshot } from '../../scripts/reliability/in-process';

// Small and fast for npm test; `npm run reliability` runs hundreds of cases per route over HTTP.
const CASES_PER_ROUTE = 8;

describe('bad input on every route (fast subset)', () => {
  const db = localDocumentClient(process.env.DYNAMODB_ENDPOINT as string);
  const results: FuzzRouteResult[] = [];

  beforeAll(async () => {
    await ensureTable(db, FUZZ_TABLE, { stream: false });
    await seed(db, FUZZ_TABLE, new Date(), await secrets());
  });

  test('the valid examples are valid for their schemas (so mutations start from a real request)', () => {
    const now = new Date();
    for (const [route, s] of Object.entries(SEEDS)) {
      if (!s.schema) continue;
      const input = s.body ? s.body(now) : s.query?.(now);
      expect({ route, ok: s.schema(now).safeParse(input).success }).toEqual({ route, ok: true });
    }
  });

  test('every route runs (its valid example accepted); no 5xx, no invalid input accepted, no write by a refused request, no prototype pollution', async () => {
    const routes = routeCatalog().filter((r) => !FUZZ_EXCLUDED[r.key]);
    const target = inProcessTarget();
    const world = await fuzzWorld(target, 'reliability-fuzz', randomUUID().slice(0, 8));
    for (const route of routes) {
      const { credentials, params, example } = await world.stage(route);
      results.push(await fuzzRoute(target, route, credentials, { casesPerRoute: CASES_PER_ROUTE, clockScope: 'reliability-fuzz', snapshot: tableSnapshot(db, FUZZ_TABLE), params, example }));
    }
    const bad = results.filter((r) => r.serverErrors || r.writesByRefused || r.acceptedInvalid || r.noAnswer);
    expect(bad).toEqual([]);
    expect(prototypePolluted()).toBe(false);
    // Every route's valid example was accepted (so its cases reached the parsers), then it got its cases and its 1 MiB body; most cases were refused.
    expect(results.filter((r) => !r.ran).map((r) => `${r.route} → ${r.valid.status} ${r.valid.text}`)).toEqual([]);
    for (const r of results) expect(r.cases).toBe(CASES_PER_ROUTE + 2);
    expect(results.reduce((n, r) => n + r.refused, 0)).toBeGreaterThan(results.length * 3);
  }, 240_000);
});
