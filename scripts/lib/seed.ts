import { createHash } from 'node:crypto';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/adapters/keys';
import { checkpointItems } from '../../functions/adapters/dynamodb/checkpoint-registry-store';
import type { Secrets } from '../../functions/adapters/secrets';
import { demoResidentsSeed } from './seed-residents';
import { officialsSeed } from './seed-officials';
import type { SeedStep } from './seed-step';

/** The static authority key of the local stage (docs/api.md). Only its hash is stored. */
export const LOCAL_AUTHORITY_KEY = 'local-authority-key';
/** A second official's key on the local stage: decisions that need two people (corrections) need both. */
export const LOCAL_REVIEWER_KEY = 'local-reviewer-key';
export const DEMO_CHECKPOINT = { id: 'demo-gate', name: '演示卡口（丽水市莲都区）', region: '331102', type: 'station' as const };
export const DEMO_INSPECTOR_SUBJECT = 'demo-inspector';
/** The sandbox corp that sandbox inspector sign-ins belong to. */
export const SANDBOX_CORP = 'sandbox';

/** The foundation's seed: an authority key, one checkpoint and one sandbox inspector. */
export const baseSeed: SeedStep = {
  name: 'authority key, demo checkpoint and inspector',
  async run(db, tableName, now) {
    const put = (Item: Record<string, unknown>) => db.send(new PutCommand({ TableName: tableName, Item }));
    await put({
      ...keys.authorityKey(createHash('sha256').update(LOCAL_AUTHORITY_KEY).digest('hex')),
      principal: 'local-authority',
      createdAt: now.toISOString(),
    });
    await put({
      ...keys.authorityKey(createHash('sha256').update(LOCAL_REVIEWER_KEY).digest('hex')),
      principal: 'local-reviewer',
      createdAt: now.toISOString(),
    });
    // The record and its copy in the console's list, as the registry writes them (version 1, no departments).
    const at = now.toISOString();
    for (const item of checkpointItems({ id: DEMO_CHECKPOINT.id, name: DEMO_CHECKPOINT.name, type: DEMO_CHECKPOINT.type, county: DEMO_CHECKPOINT.region, countyName: '莲都区', departments: [], createdAt: at, updatedAt: at, version: 1 })) {
      await put({ ...item, region: DEMO_CHECKPOINT.region });
    }
    await put({
      ...keys.inspectorGrant(SANDBOX_CORP, 'USER', DEMO_INSPECTOR_SUBJECT),
      checkpoints: [DEMO_CHECKPOINT.id],
      displayName: '演示核验员',
      createdAt: now.toISOString(),
    });
  },
};

/** Seed steps in order; later issues append theirs (demo residents and their statuses). */
export const seedSteps: SeedStep[] = [baseSeed, demoResidentsSeed, officialsSeed];

export async function seed(db: DynamoDBDocumentClient, tableName: string, now = new Date(), secrets?: Secrets): Promise<string[]> {
  const done: string[] = [];
  for (const step of seedSteps) {
    await step.run(db, tableName, now, secrets);
    done.push(step.name);
  }
  return done;
}
