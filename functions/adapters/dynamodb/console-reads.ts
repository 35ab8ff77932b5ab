/** The console's read-only views of the table: the current risk areas and the stored ruleset versions. */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../keys';
import type { RiskAreaPorts, RulesetPorts } from '../../core/console/watch';
import type { RiskAreaFacts } from '../../../shared/rules/engine';

/** The current risk areas: one item, the one the engine reads. */
export function riskAreaPorts(db: DynamoDBDocumentClient, tableName: string): RiskAreaPorts {
  return {
    async currentRiskAreas() {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.riskAreasCurrent(), ConsistentRead: true }));
      if (!out.Item || !Array.isArray(out.Item.areas)) return undefined;
      return {
        version: String(out.Item.version),
        ...(typeof out.Item.publishedAt === 'string' ? { publishedAt: out.Item.publishedAt } : {}),
        ...(typeof out.Item.principal === 'string' ? { principal: out.Item.principal } : {}),
        areas: out.Item.areas as RiskAreaFacts[],
      };
    },
  };
}

/** Ruleset versions: one Query of the RULESET partition, projecting away the documents. */
export function rulesetPorts(db: DynamoDBDocumentClient, tableName: string): RulesetPorts {
  return {
    async rulesetVersions() {
      const [list, active] = await Promise.all([
        db.send(new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)',
          ExpressionAttributeValues: { ':pk': keys.rulesetActive().PK, ':v': 'V#' },
          ProjectionExpression: 'version, effectiveFrom, #s, principal, storedAt',
          ExpressionAttributeNames: { '#s': 'state' },
          Limit: 200,
        })),
        // ACTIVE names a stored version, or (the seeded first ruleset) holds the document itself.
        db.send(new GetCommand({ TableName: tableName, Key: keys.rulesetActive(), ProjectionExpression: '#v, #d.#v', ExpressionAttributeNames: { '#v': 'version', '#d': 'document' } })),
      ]);
      const versions = (list.Items ?? []).flatMap((i) =>
        typeof i.version === 'string' && typeof i.effectiveFrom === 'string'
          ? [{
              version: i.version,
              effectiveFrom: i.effectiveFrom,
              state: (['scheduled', 'active', 'superseded'].includes(String(i.state)) ? i.state : 'scheduled') as 'scheduled' | 'active' | 'superseded',
              ...(typeof i.principal === 'string' ? { principal: i.principal.slice(0, 256) } : {}),
              ...(typeof i.storedAt === 'string' ? { storedAt: i.storedAt } : {}),
            }]
          : [],
      );
      const activeVersion = active.Item?.version ?? (active.Item?.document as { version?: unknown } | undefined)?.version;
      return { ...(typeof activeVersion === 'string' ? { active: activeVersion } : {}), versions };
    },
  };
}
