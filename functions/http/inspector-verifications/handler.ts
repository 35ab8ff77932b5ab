import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { httpHandler, ok } from '../../middleware';
import { verificationRequest } from '../../../shared/api/inspector';
import { verifyScan, type VerifyPorts } from '../../core/inspector/verify';
import { inspectorPorts } from '../../wiring/inspector';

/** The route over any ports; tests swap single ports for fakes built on the port interfaces. */
export function verifyHandler(portsFor: (db: DynamoDBDocumentClient, tableName: string) => VerifyPorts) {
  return httpHandler({ auth: 'inspector', body: verificationRequest, maxBodyBytes: 8 * 1024 }, async ({ body, now, principal, db, config }) =>
    ok(await verifyScan(portsFor(db, config.tableName), { id: principal.sub, checkpoints: principal.checkpoints }, body, now)),
  );
}

export const handler = verifyHandler(inspectorPorts);
