/**
 * One pair of words for the gate's verdict in both apps: the resident's code badge says what the
 * inspector's verdict screen and recent-scans list will say (放行 / 禁止进入), so nobody reads two
 * different answers for one code.
 */
import { COLOR_MARKS } from '../../../../mini-program/resident/lib/format';
import { HEADLINES, outcomeOfColor } from '../../../../mini-program/inspector/lib/verdict';
import { scanRows } from '../../../../mini-program/inspector/pages/recent/utils';

test('the code badge, the verdict headline and the recent-scans row use the same word for each colour', () => {
  for (const color of ['green', 'yellow', 'red'] as const) {
    const outcome = outcomeOfColor(color);
    const [row] = scanRows([{ at: '2026-12-02T02:00:00.000Z', checkpointId: 'demo-gate', kind: 'code', outcome, color }]);
    expect({ color, badge: COLOR_MARKS[color].word, row: row!.outcomeText }).toEqual({ color, badge: HEADLINES[outcome], row: HEADLINES[outcome] });
  }
  expect([HEADLINES.pass, HEADLINES.stop]).toEqual(['放行', '禁止进入']);
  // The two verdicts share no character, so a glance at one is never read as the other.
  expect([...HEADLINES.pass].filter((c) => HEADLINES.stop.includes(c))).toEqual([]);
});

test('an invalid code reads the same on the verdict screen and in the recent scans', () => {
  const [row] = scanRows([{ at: '2026-12-02T02:00:00.000Z', checkpointId: 'demo-gate', kind: 'code', outcome: 'invalid', reason: 'expired' }]);
  expect(row!.outcomeText).toBe(HEADLINES.invalid);
});
