import * as z from 'zod';
import { httpHandler, ok } from '../../middleware';
import { correctionIdParam, correctionListQuery } from '../../../shared/api/corrections';
import { decideConsoleCorrection, listConsoleCorrections } from '../../core/console/corrections';
import { correctionPorts } from '../../wiring/corrections';

export const list = httpHandler({ auth: 'official', officialRole: 'viewer', query: correctionListQuery, ports: correctionPorts }, async ({ query, ports }) =>
  ok(await listConsoleCorrections(ports, query)));

// The role needed depends on the stage (proposer first, approver to confirm): the use case checks it.
export const decide = httpHandler({ auth: 'official', path: correctionIdParam, body: z.unknown(), ports: correctionPorts }, async ({ path, body, ports, now, principal }) =>
  ok(await decideConsoleCorrection(
    ports,
    path.id,
    { id: principal.sub, name: principal.principal ?? '工作人员', roles: principal.officialRoles ?? [] },
    body,
    now,
  )));
