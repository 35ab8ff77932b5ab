import { z } from 'zod';
import { httpHandler, ok } from '../../middleware';
import { correctionIdParam, correctionListQuery } from '../../../shared/api/corrections';
import { decideCorrection, listCorrections } from '../../core/corrections';
import { dynamoHolderStore } from '../../adapters/dynamodb/holder-store';

export const list = httpHandler({ auth: 'authority', query: correctionListQuery }, async ({ query, db, config }) =>
  ok(await listCorrections({ db, tableName: config.tableName, ...dynamoHolderStore(db, config.tableName) }, query)));

export const decide = httpHandler({ auth: 'authority', path: correctionIdParam, body: z.unknown() }, async ({ path, body, db, config, now, principal }) =>
  ok(await decideCorrection({ db, tableName: config.tableName, ...dynamoHolderStore(db, config.tableName) }, path.id, principal.principal ?? principal.sub, body, now)));
