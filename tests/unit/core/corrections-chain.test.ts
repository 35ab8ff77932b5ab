/** A correction's steps form a hash chain: any edit, drop or reorder of a step is found. */
import { verifySteps, newCorrectionId } from '../../../functions/core/corrections';
import { correctionIdParam } from '../../../shared/api/corrections';
import { canonicalJson, GENESIS_HASH } from '../../../functions/core/holder-state';
import { createHash } from 'node:crypto';

function chain(): any[] {
  const steps: any[] = [];
  const add = (s: object) => {
    const draft = { ...s, seq: steps.length + 1, prevHash: steps.at(-1)?.hash ?? GENESIS_HASH };
    steps.push({ ...draft, hash: createHash('sha256').update(canonicalJson(draft)).digest('hex') });
  };
  add({ at: '2026-12-01T01:00:00.000Z', actor: 'resident', action: 'filed' });
  add({ at: '2026-12-01T02:00:00.000Z', actor: 'cdc-a', action: 'proposed', decision: 'accept', basis: 'LS-1' });
  add({ at: '2026-12-01T03:00:00.000Z', actor: 'cdc-b', action: 'confirmed', decision: 'accept', basis: 'LS-1' });
  return steps;
}

test('an untouched chain verifies; an edited actor, a dropped step or a swapped order does not', () => {
  expect(verifySteps(chain())).toBe(true);
  const edited = chain();
  edited[2].actor = 'cdc-a';
  expect(verifySteps(edited)).toBe(false);
  expect(verifySteps(chain().slice(1))).toBe(false);
  const swapped = chain();
  [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
  expect(verifySteps(swapped)).toBe(false);
});

test('correction ids sort by filing time and match the path schema', () => {
  const a = newCorrectionId(new Date('2026-01-01T00:00:00Z'));
  const b = newCorrectionId(new Date('2026-01-01T00:00:01Z'));
  expect(a < b).toBe(true);
  expect(correctionIdParam.safeParse({ id: a }).success).toBe(true);
});
