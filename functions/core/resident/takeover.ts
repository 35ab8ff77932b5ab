/**
 * The owner always wins: a person registering with their own verified identity takes over a
 * document that somebody bound as their dependent (typed, or even verified: the person now speaks
 * for themselves). Nothing is copied: the holder keeps its id, so its status, declarations,
 * check-ins and hash-chained history stay one chain; only who holds it changes.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../adapters/keys';
import { applyHolderChange } from '../holder-state';
import type { AccountItem } from './accounts';
import type { ResidentPorts } from './ports';

class LostRace extends Error {}

/**
 * Moves the holder bound to `documentHash` as a dependent to `ownerId`'s own code. Returns false
 * when the binding is not a dependent's (another account: the caller answers 409).
 * In ONE transaction, with the holder's re-evaluation (holder-state):
 * 1. the binding becomes the owner's (conditional on still being that dependent's);
 * 2. the owner's profile is set and its own holder becomes this holder;
 * 3. the former manager's DEP# item turns `claimed` and loses the encrypted name and number, and
 *    their dependent count drops: their list says 该家庭成员已自行申领健康码 and their access ends;
 * 4. the status names the owner's account and masked identity (history entry when the colour changes).
 */
export async function takeOverDependent(ports: ResidentPorts, ownerId: string, documentHash: string, profile: NonNullable<AccountItem['profile']>, now: Date): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const out = await ports.db.send(new GetCommand({ TableName: ports.tableName, Key: keys.documentBinding(documentHash), ConsistentRead: true }));
    const binding = out.Item;
    if (!binding) return false;
    if (binding.kind !== 'dependent') return false;
    const holderId = String(binding.holderId);
    const formerManager = String(binding.accountId);
    const lost = new LostRace();
    try {
      await applyHolderChange(ports, holderId, {
        cause: { kind: 'registration', ref: 'self-claim' },
        register: { holder: { maskedName: profile.maskedName, maskedDocument: profile.maskedDocument }, documentHash, accountId: ownerId },
        extraItems: [
          {
            item: { Update: {
              TableName: ports.tableName, Key: keys.documentBinding(documentHash),
              UpdateExpression: 'SET kind = :account, accountId = :owner, verified = :t, claimedAt = :at',
              ConditionExpression: 'kind = :dependent AND holderId = :h AND accountId = :former',
              ExpressionAttributeValues: { ':account': 'account', ':owner': ownerId, ':t': true, ':at': now.toISOString(), ':dependent': 'dependent', ':h': holderId, ':former': formerManager },
            } },
            onConflict: () => lost,
          },
          {
            item: { Update: {
              TableName: ports.tableName, Key: keys.account(ownerId),
              UpdateExpression: 'SET profile = :p, holderId = :h',
              ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(profile)',
              ExpressionAttributeValues: { ':p': profile, ':h': holderId },
            } },
            onConflict: () => lost,
          },
          {
            item: { Update: {
              TableName: ports.tableName, Key: keys.dependent(formerManager, holderId),
              UpdateExpression: 'SET #state = :claimed, claimedAt = :at REMOVE nameEnc, documentNumberEnc',
              ConditionExpression: 'attribute_exists(PK)',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: { ':claimed': 'claimed', ':at': now.toISOString() },
            } },
            onConflict: () => lost,
          },
          {
            item: { Update: {
              TableName: ports.tableName, Key: keys.account(formerManager),
              UpdateExpression: 'SET dependentCount = dependentCount - :one',
              ConditionExpression: 'dependentCount >= :one',
              ExpressionAttributeValues: { ':one': 1 },
            } },
            onConflict: () => lost,
          },
        ],
      }, now);
      return true;
    } catch (err) {
      // The binding changed in between (released, or taken by somebody else): look again.
      if (err !== lost) throw err;
    }
  }
  return false;
}
