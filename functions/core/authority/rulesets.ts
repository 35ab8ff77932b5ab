/**
 * Ruleset roll-out (PUT /v1/authority/rulesets/{version}): a new ruleset is data, never a deploy.
 *
 * Items: `RULESET / V#<version>` holds the document and its state (`scheduled`, `active`,
 * `superseded`); `RULESET / ACTIVE` names the version holder-state evaluates with
 * (`loadActiveRuleset`). A version is immutable once stored.
 */
import { createHash } from 'node:crypto';
import type { Ruleset } from '../../../shared/rules/schema';
import { checkRulesetDocument } from '../../../shared/api/rulesets';
import { canonicalJson } from '../holder-state';
import { ConflictError, ValidationError } from '../errors';
import { processingTime, reevaluateAll, type AuthorityPorts, type WorkMessage } from './work';
import type { RulesetState } from './ports';

export type { RulesetState };

export interface RulesetAnswer {
  version: string;
  effectiveFrom: string;
  state: RulesetState;
  /** Parallel scan segments of the roll-out, when it started with this request. */
  rolloutSegments?: number;
}

/** Parallel scan segments of a roll-out; each segment walks its share of the table page by page. */
export const ROLLOUT_SEGMENTS = 8;
/** Items per scan page: one page is one message, so a segment never runs long in one Lambda. */
export const ROLLOUT_PAGE = 500;

// The ruleset's problems in Chinese: shared/api/rulesets.ts (the console checks uploads with it too).

/**
 * Validates a ruleset document for `version`; throws a 400 that lists every problem.
 * @example validateRuleset('1.1.0', { ...rulesetV1, version: '1.1.0' }) // → the parsed ruleset
 */
export function validateRuleset(version: string, document: unknown): Ruleset {
  const checked = checkRulesetDocument(document);
  if (!checked.ok) throw new ValidationError('规则集内容有误，请按提示修改后重新提交', checked.issues);
  if (checked.ruleset.version !== version) {
    throw new ValidationError('规则集内容有误，请按提示修改后重新提交', [{ path: 'version', message: `文档中的版本号应与地址中的版本号${version}一致` }]);
  }
  return checked.ruleset;
}

/**
 * Stores a ruleset and schedules its activation.
 *
 * 1. Validates the document (400 with every error).
 * 2. A version already stored: the same document gives its current state; another one is a 409.
 * 3. Stores it as `scheduled` (attribute_not_exists).
 * 4. If `effectiveFrom` has come, activates it now (activateRuleset); otherwise the scheduled job
 *    `ruleset-activation` does when it comes.
 */
export async function putRuleset(ports: AuthorityPorts, version: string, document: unknown, principal: string, now: Date): Promise<RulesetAnswer> {
  const ruleset = validateRuleset(version, document);
  const contentHash = createHash('sha256').update(canonicalJson(ruleset)).digest('hex');
  const existing = await ports.store.ruleset(version);
  if (existing) {
    if (existing.contentHash !== contentHash) throw new ConflictError('该版本号的规则集已存在且内容不同；已发布的规则集不能修改，请使用新的版本号');
    return { version, effectiveFrom: ruleset.effectiveFrom, state: existing.state as RulesetState };
  }
  const stored = await ports.store.storeRuleset({ version, document: ruleset, effectiveFrom: ruleset.effectiveFrom, contentHash, principal, storedAt: now.toISOString() });
  if (!stored) throw new ConflictError('该版本号的规则集正在被另一请求提交，请稍后查看');
  if (Date.parse(ruleset.effectiveFrom) > now.getTime()) return { version, effectiveFrom: ruleset.effectiveFrom, state: 'scheduled' };
  return activateRuleset(ports, version, ruleset.effectiveFrom, now);
}

/**
 * Activates a stored, scheduled ruleset and starts its roll-out.
 *
 * 1. Claims the activation: `scheduled` → `active`, conditional, so of two concurrent activators
 *    (a PUT and the job, or two job runs) exactly one goes on.
 * 2. If the ACTIVE ruleset is one with a later `effectiveFrom`, this one is `superseded` instead.
 * 3. Points ACTIVE at it: from now on every evaluation uses it.
 * 4. Fans out ROLLOUT_SEGMENTS parallel scan segments over the work queue; each re-evaluates the
 *    holders of its share with the cause `{ kind: 'ruleset', ref: version }`, so the status of every
 *    resident records the version that coloured them.
 */
export async function activateRuleset(ports: AuthorityPorts, version: string, effectiveFrom: string, now: Date): Promise<RulesetAnswer> {
  const active = await ports.store.activeRulesetPointer();
  const activeFrom = active?.effectiveFrom;
  const superseded = activeFrom !== undefined && Date.parse(activeFrom) > Date.parse(effectiveFrom);
  const claimed = await ports.store.claimRulesetActivation(version, superseded ? 'superseded' : 'active', now.toISOString());
  if (!claimed) {
    const item = await ports.store.ruleset(version);
    return { version, effectiveFrom, state: item?.state ?? 'scheduled' };
  }
  if (superseded) return { version, effectiveFrom, state: 'superseded' };
  await ports.store.pointActiveRuleset({ version, effectiveFrom, activatedAt: now.toISOString(), previousVersion: active?.version });
  await startRollout(ports, version, now);
  return { version, effectiveFrom, state: 'active', rolloutSegments: ROLLOUT_SEGMENTS };
}

/** Sends the roll-out's segments, then marks it queued; activateDueRulesets resends an unmarked one. */
async function startRollout(ports: AuthorityPorts, version: string, now: Date): Promise<void> {
  const at = now.toISOString();
  const messages: WorkMessage[] = Array.from({ length: ROLLOUT_SEGMENTS }, (_, segment) => ({ kind: 'rollout-page', version, segment, totalSegments: ROLLOUT_SEGMENTS, at }));
  await ports.queue.send(messages);
  await ports.store.markRolloutQueued(version, at);
}

/**
 * The scheduled job `ruleset-activation`: activates every stored ruleset whose `effectiveFrom` has
 * come, oldest first, and finishes any roll-out whose fan-out was interrupted. Safe to run twice at
 * once (activateRuleset claims conditionally).
 */
export async function activateDueRulesets(ports: AuthorityPorts, now: Date): Promise<RulesetAnswer[]> {
  const pending = await ports.store.rulesetsToActivate();
  // An active ruleset whose segments were never marked queued (a crash between the claim and the
  // fan-out) is rolled out again: re-evaluation is idempotent.
  for (const item of pending) if (item.state === 'active') await startRollout(ports, item.version, now);
  const due = pending
    .filter((item) => item.state === 'scheduled')
    .map((item) => ({ version: item.version, effectiveFrom: item.effectiveFrom }))
    .filter((r) => Date.parse(r.effectiveFrom) <= now.getTime())
    .sort((a, b) => Date.parse(a.effectiveFrom) - Date.parse(b.effectiveFrom));
  const answers: RulesetAnswer[] = [];
  for (const r of due) answers.push(await activateRuleset(ports, r.version, r.effectiveFrom, now));
  return answers;
}

/**
 * One page of one roll-out segment (a `rollout-page` message): a parallel Scan segment page of status
 * items, each holder re-evaluated; the next page goes back on the queue as its own message.
 */
export async function processRolloutPage(ports: AuthorityPorts, message: Extract<WorkMessage, { kind: 'rollout-page' }>): Promise<number> {
  const page = await ports.store.statusPage(message.segment, message.totalSegments, { limit: ROLLOUT_PAGE, cursor: message.startKey });
  const count = await reevaluateAll(ports, page.holderIds, { kind: 'ruleset', ref: message.version }, processingTime(ports, message.at));
  if (page.next) await ports.queue.send([{ ...message, startKey: page.next }]);
  return count;
}
