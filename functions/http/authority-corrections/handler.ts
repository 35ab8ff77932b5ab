import * as z from 'zod';
import { httpHandler, ok } from '../../middleware';
import { correctionIdParam, correctionListQuery } from '../../../shared/api/corrections';
import { decideCorrection, listCorrections } from '../../core/corrections';
import { correctionPorts } from '../../wiring/corrections';

export const list = httpHandler({ auth: 'authority', query: correctionListQuery, ports: correctionPorts }, async ({ query, ports }) =>
  ok(await listCorrections(ports, query)));

export const decide = httpHandler({ auth: 'authority', path: correctionIdParam, body: z.unknown(), ports: correctionPorts }, async ({ path, body, ports, now, principal }) =>
  ok(await decideCorrection(ports, path.id, principal.principal ?? principal.sub, body, now)));
