/**
 * Dependents: people without a smartphone (children, the elderly) whose codes an account manages.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../adapters/keys';
import { maskDocument, maskName } from '../../../shared/mask';
import { dependentRequestAt } from '../../../shared/api';
import { ConflictError, RuleRefusedError } from '../errors';
import { applyHolderChange, newHolderId } from '../holder-state';
import { parseInput } from './input';
import { readAccount } from './accounts';
import type { ResidentPorts } from './ports';

export const MAX_DEPENDENTS = 5;

/**
 * Adds a dependent and returns its masked summary.
 * 1. validate at `now`; the account must be registered itself;
 * 2. in ONE transaction: the dependent's document binding (attribute_not_exists: a document bound to
 *    anyone, account or dependent, is 409), the DEP# item with the encrypted data, the account's
 *    dependent count (conditional: at most 5, else 422), and the dependent's first status, evaluated
 *    at once (authority records filed earlier apply).
 */
export async function addDependent(ports: ResidentPorts, accountId: string, body: unknown, now: Date) {
  const input = parseInput(dependentRequestAt(now), body);
  const account = await readAccount(ports, accountId);
  if (!account?.profile) throw new ConflictError('请先完成本人实名登记，再添加家庭成员');
  if ((account.dependentCount ?? 0) >= MAX_DEPENDENTS) throw new RuleRefusedError(`最多可添加${MAX_DEPENDENTS}位家庭成员`);
  const holderId = newHolderId();
  const documentHash = ports.hashDocument(input.documentType, input.documentNumber);
  const summary = { id: holderId, maskedName: maskName(input.name), maskedDocument: maskDocument(input.documentType, input.documentNumber) };
  await applyHolderChange(ports, holderId, {
    cause: { kind: 'registration' },
    register: { holder: { maskedName: summary.maskedName, maskedDocument: summary.maskedDocument }, documentHash, accountId },
    extraItems: [
      {
        item: { Put: { TableName: ports.tableName, Item: { ...keys.documentBinding(documentHash), holderId, accountId, kind: 'dependent', createdAt: now.toISOString() }, ConditionExpression: 'attribute_not_exists(PK)' } },
        onConflict: () => new ConflictError('该证件已绑定其他账号或家庭成员'),
      },
      {
        item: { Update: { TableName: ports.tableName, Key: keys.account(accountId), UpdateExpression: 'SET dependentCount = if_not_exists(dependentCount, :zero) + :one', ConditionExpression: 'attribute_exists(profile) AND (attribute_not_exists(dependentCount) OR dependentCount < :max)', ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':max': MAX_DEPENDENTS } } },
        onConflict: () => new RuleRefusedError(`最多可添加${MAX_DEPENDENTS}位家庭成员`),
      },
      {
        item: {
          Put: {
            TableName: ports.tableName,
            Item: {
              ...keys.dependent(accountId, holderId),
              holderId,
              relation: input.relation,
              nameEnc: ports.cipher.encrypt('name', input.name),
              documentType: input.documentType,
              documentNumberEnc: ports.cipher.encrypt('documentNumber', input.documentNumber),
              documentHash,
              maskedName: summary.maskedName,
              maskedDocument: summary.maskedDocument,
              createdAt: now.toISOString(),
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        onConflict: () => new ConflictError('请重试'),
      },
    ],
  }, now);
  return { dependent: summary };
}

/** The account's dependents, masked. */
export async function listDependents(ports: ResidentPorts, accountId: string) {
  const prefix = keys.dependentPrefix(accountId);
  const out = await ports.db.send(new QueryCommand({
    TableName: ports.tableName,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
    ExpressionAttributeValues: { ':pk': prefix.PK, ':p': prefix.prefix },
    ConsistentRead: true,
  }));
  return {
    dependents: (out.Items ?? []).map((item) => ({ id: String(item.holderId), maskedName: String(item.maskedName), maskedDocument: String(item.maskedDocument) })),
  };
}
