import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/adapters/keys';
import type { OfficialRole } from '../../functions/adapters/sessions';
import { SANDBOX_OFFICIAL_CORP } from '../../functions/core/console/officials';
import type { SeedStep } from './seed-step';

/** Sandbox officials of the console (local and review sign-in with 测试账号), one per role and a lead with two. */
export const DEMO_OFFICIALS: { subject: string; displayName: string; roles: OfficialRole[] }[] = [
  { subject: 'demo-viewer', displayName: '演示查看员', roles: ['viewer'] },
  { subject: 'demo-proposer', displayName: '演示流调员', roles: ['viewer', 'proposer'] },
  { subject: 'demo-approver', displayName: '演示审批员', roles: ['viewer', 'approver'] },
  { subject: 'demo-lead', displayName: '演示科室负责人', roles: ['viewer', 'proposer', 'approver'] },
  { subject: 'demo-admin', displayName: '演示管理员', roles: ['viewer', 'admin'] },
];

export const officialsSeed: SeedStep = {
  name: `console officials (${DEMO_OFFICIALS.map((o) => o.subject).join(', ')})`,
  async run(db, tableName, now) {
    for (const o of DEMO_OFFICIALS) {
      await db.send(
        new PutCommand({ TableName: tableName, Item: { ...keys.officialGrant(SANDBOX_OFFICIAL_CORP, 'USER', o.subject), roles: o.roles, displayName: o.displayName, createdAt: now.toISOString() } }),
      );
    }
  },
};
