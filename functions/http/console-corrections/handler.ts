import * as z from 'zod';
import { httpHandler, ok } from '../../middleware';
import { correctionIdParam, correctionListQuery } from '../../../shared/api/corrections';
import { decideConsoleCorrection, listConsoleCorrections } from '../../core/console/corrections';
import { correctionPorts } from '../../wiring/corrections';

export const list = httpHandler({ auth: 'official', officialRole: 'viewer', query: correctionListQuery }, async ({ query, db, config }) =>
  ok(await listConsoleCorrections(correctionPorts(db, config.tableName), query)));

// The role needed depends on the stage (proposer first, approver to confirm): the use case checks it.
export const decide = httpHandler({ auth: 'official', path: correctionIdParam, body: z.unknown() }, async ({ path, body, db, config, now, principal }) =>
  ok(await decideConsoleCorrection(
    correctionPorts(db, config.tableName),
    path.id,
    { id: principal.sub, name: principal.principal ?? '工作人员', roles: principal.officialRoles ?? [] },
    body,
    now,
  )));
