/**
 * What the console's two-person handlers share (console-feeds, console-risk-areas, console-rulesets):
 * the four routes every kind of proposal has, with the same roles: propose (proposer), list and get
 * (viewer), decide (approver). A handler names its kind's wiring, schemas and use cases; a route only
 * one kind has (a preview, a dry run) stays in it.
 */
import type { ZodType } from 'zod';
import { created, httpHandler, ok } from '../middleware';
import { decisionRequest, proposalListQuery, type DecisionRequest, type ProposalStatus } from '../../shared/api/console';
import type { Principal } from '../core/console/feed-proposals';
import { official } from './official';

/** One kind of two-person proposal, as its handler states it. */
export interface ProposalKind<F extends () => unknown, B, I extends { id: string }> {
  /** The kind's wiring function (functions/wiring). */
  ports: F;
  /** The proposal id in the path (each kind has its own id prefix). */
  idPath: ZodType<I>;
  /** The body of a proposal. */
  request: ZodType<B>;
  /** The proposal body's limit, when larger than the default. */
  maxBodyBytes?: number;
  propose(ports: Awaited<ReturnType<F>>, request: B, proposer: Principal, now: Date): Promise<unknown>;
  list(ports: Awaited<ReturnType<F>>, status?: ProposalStatus): Promise<unknown[]>;
  get(ports: Awaited<ReturnType<F>>, id: string, now: Date): Promise<unknown>;
  decide(ports: Awaited<ReturnType<F>>, id: string, request: DecisionRequest, decider: Principal, now: Date): Promise<unknown>;
}

/** The four routes of a kind: `export const { propose, list, get, decide } = proposalRoutes({ … })`. */
export function proposalRoutes<F extends () => unknown, B, I extends { id: string }>(kind: ProposalKind<F, B, I>) {
  const { ports, idPath } = kind;
  return {
    propose: httpHandler({ auth: 'official', officialRole: 'proposer', body: kind.request, ...(kind.maxBodyBytes ? { maxBodyBytes: kind.maxBodyBytes } : {}), ports }, async (ctx) =>
      created(await kind.propose(ctx.ports, ctx.body, official(ctx.principal), ctx.now)),
    ),
    list: httpHandler({ auth: 'official', officialRole: 'viewer', query: proposalListQuery, ports }, async (ctx) =>
      ok({ proposals: await kind.list(ctx.ports, ctx.query.status) }),
    ),
    get: httpHandler({ auth: 'official', officialRole: 'viewer', path: idPath, ports }, async (ctx) =>
      ok(await kind.get(ctx.ports, ctx.path.id, ctx.now)),
    ),
    decide: httpHandler({ auth: 'official', officialRole: 'approver', path: idPath, body: decisionRequest, ports }, async (ctx) =>
      ok(await kind.decide(ctx.ports, ctx.path.id, ctx.body, official(ctx.principal), ctx.now)),
    ),
  };
}
