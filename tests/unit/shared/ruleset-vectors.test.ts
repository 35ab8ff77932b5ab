/** The vectors runner the console and the server share (shared/rules/vectors.ts), on v1's own vectors. */
import v1Vectors from '../../../shared/rules/v1.vectors.json' with { type: 'json' };
import { rulesetV1 } from '../../../shared/rules/schema';
import { rulesetVectors, runVectors } from '../../../shared/rules/vectors';

const vectors = rulesetVectors.parse(v1Vectors).vectors;

test('v1 passes every one of its vectors, in full (colour, reasons, clearance, review time, declarations)', () => {
  const outcomes = runVectors(rulesetV1, vectors);
  expect(outcomes.filter((o) => !o.pass)).toEqual([]);
  expect(outcomes).toHaveLength(vectors.length);
});

test('a ruleset that colours differently fails the vectors that say so, naming what differs', () => {
  const medium = vectors.filter((v) => v.expected.reasons?.includes('medium-risk-stay') && v.expected.color === 'yellow');
  expect(medium.length).toBeGreaterThan(0);
  const stricter = { ...rulesetV1, triggers: { ...rulesetV1.triggers, 'medium-risk-stay': { ...rulesetV1.triggers['medium-risk-stay'], color: 'red' as const } } };
  const outcomes = runVectors(stricter, medium);
  for (const o of outcomes) expect(o).toMatchObject({ pass: false, expected: 'yellow', actual: 'red', problem: expect.stringContaining('颜色') });
});

test('bad facts fail the vector with a Chinese reason instead of throwing', () => {
  const [first] = vectors;
  const [outcome] = runVectors(rulesetV1, [{ ...first!, facts: { checkins: ['2020-03-10..2020-03-01'] } }]);
  expect(outcome).toMatchObject({ pass: false, problem: '打卡记录“2020-03-10..2020-03-01”的日期范围不正确' });
  const [typed] = runVectors(rulesetV1, [{ ...first!, facts: { authority: [{ type: 'nonsense', at: 'x' }] } }]);
  expect(typed!.problem).toMatch(/^facts 不符合要求/);
});
