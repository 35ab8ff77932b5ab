import * as z from 'zod';
import { httpHandler, ok } from '../../middleware';
import { correctionIdParam, correctionListQuery } from '../../../shared/api/corrections';
import { decideCorrection, listCorrections } from '../../core/corrections';
import { correctionPorts } from '../../wiring/corrections';

export const list = httpHandler({ auth: 'authority', query: correctionListQuery }, async ({ query, db, config }) =>
  ok(await listCorrections(correctionPorts(db, config.tableName), query)));

export const decide = httpHandler({ auth: 'authority', path: correctionIdParam, body: z.unknown() }, async ({ path, body, db, config, now, principal }) =>
  ok(await decideCorrection(correctionPorts(db, config.tableName), path.id, principal.principal ?? principal.sub, body, now)));
