/**
 * Demo residents for `npm start`, the review stage and the load tests: sandbox subjects
 * `demo-resident-1` (green), `demo-resident-2` (yellow: a declared cough) and `demo-resident-3` (red:
 * declared contact with a case), each with a profile and a declaration, made through the same use
 * cases the API runs (so their data is encrypted and hashed like anyone's). Idempotent: a resident
 * already registered is left alone.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Secrets } from '../../functions/adapters/secrets';
import { declare, registerProfile, signIn, type ResidentPorts } from '../../functions/core/resident';
import { generateResidentIdCheckDigit } from '../../shared/identity';
import type { SeedStep } from './seed-step';
import { residentPortsWith } from '../../functions/wiring/resident';

const id = (first17: string) => first17 + generateResidentIdCheckDigit(first17);

/** Made-up people; none of these is a real person's data. */
export const DEMO_RESIDENTS = [
  { subject: 'demo-resident-1', name: '林晓青', documentNumber: id('33110219880512301'), phone: '13900000001', declaration: { symptoms: [], contactWithCase: false } },
  { subject: 'demo-resident-2', name: '周海川', documentNumber: id('33112219750823402'), phone: '13900000002', declaration: { symptoms: ['cough'], contactWithCase: false } },
  { subject: 'demo-resident-3', name: '叶知秋', documentNumber: id('33118119920101503'), phone: '13900000003', declaration: { symptoms: [], contactWithCase: true } },
] as const;

export function demoResidentPorts(db: DynamoDBDocumentClient, tableName: string, secrets: Secrets): ResidentPorts {
  if (!secrets.fieldKey) throw new Error('demo residents need the field key');
  return residentPortsWith(db, tableName, secrets, { sandboxAllowed: true, countAttempts: false });
}

export const demoResidentsSeed: SeedStep = {
  name: 'demo residents demo-resident-1 (green), -2 (yellow), -3 (red)',
  async run(db, tableName, now, secrets) {
    if (!secrets) throw new Error('the demo residents seed needs the stack secrets');
    const ports = demoResidentPorts(db, tableName, secrets);
    for (const demo of DEMO_RESIDENTS) {
      const account = await signIn(ports, { provider: 'sandbox', subject: demo.subject }, now);
      if (account.registered) continue;
      await registerProfile(ports, account.accountId, true, { name: demo.name, documentType: 'resident-id', documentNumber: demo.documentNumber, phone: demo.phone }, now);
      await declare(ports, account.accountId, { region: '331102', travel: [], temperature: 36.5, commitment: true, ...demo.declaration, symptoms: [...demo.declaration.symptoms] }, now);
    }
  },
};
