import { jobLine, parseStartArgs, portFromEnv, suggestPort } from '../../../scripts/lib/start-options';

describe('npm start options', () => {
  test('a second stack is never advised the port that is taken', async () => {
    const taken = new Set([3100, 3200]);
    const port = await suggestPort(3100, async (p) => taken.has(p));
    expect(port).toBe(3300);
    expect(await suggestPort(3000, async () => false)).toBe(3100);
  });

  test('wrong arguments and ports are named, not ignored', () => {
    expect(() => parseStartArgs(['--persit'])).toThrow(/Unknown option --persit\.\nUsage: npm start/);
    expect(parseStartArgs(['--persist'])).toEqual({ persist: true, help: false });
    expect(() => portFromEnv('PORT', 3000, { PORT: '70000' })).toThrow('PORT=70000 is not a TCP port');
    expect(portFromEnv('DYNAMODB_PORT', 8000, {})).toBe(8000);
    expect(portFromEnv('PORT', 3000, { PORT: '3121' })).toBe(3121);
  });

  test('a scheduled run is printed when it changed something, every run with VERBOSE', () => {
    const at = new Date('2030-01-01T01:00:00Z');
    const quiet = { name: 'auto-convert', at, status: 200, result: { job: 'auto-convert', examined: 4, converted: 0 } };
    expect(jobLine(quiet, false)).toBeUndefined();
    expect(jobLine(quiet, true)).toBe('  [schedule] auto-convert at 2030-01-01T01:00:00.000Z (dev clock): examined 4, converted 0');
    expect(jobLine({ ...quiet, result: { examined: 40, converted: 3 } }, false)).toMatch(/examined 40, converted 3$/);
    expect(jobLine({ name: 'ruleset-activation', at, status: 200, result: { activated: ['2.0.0'], examined: 9, converted: 2 } }, false)).toMatch(/activated 2\.0\.0/);
    expect(jobLine({ name: 'deletion-sweep', at, status: 200, result: { found: 0, finished: 0, unfinished: 0 } }, false)).toBeUndefined();
    expect(jobLine({ name: 'deletion-sweep', at, status: 200, result: { found: 2, finished: 2, unfinished: 0 } }, false)).toMatch(/deletion-sweep .*found 2, finished 2, unfinished 0$/);
  });
});
