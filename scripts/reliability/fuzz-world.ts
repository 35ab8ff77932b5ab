/**
 * Who the fuzzer is on each route, so that every route's valid example is accepted and its cases
 * reach the body parsers: a resident with an account, a profile, a declaration and a real, verified
 * dependent, and for the routes that need a thing of their own (a pending verification, a filed
 * correction, a proposal, an account to erase) that thing, made just before the route is fuzzed.
 */
import { shanghaiDay } from '../../shared/time';
import type { RouteInfo } from './catalog';
import { Journey } from './journey';
import { answerJson, type Target } from './target';
import { syntheticPerson, type Person } from './people';
import { SEEDS } from './fuzz';
import { mintCredentials, type Credentials } from './tokens';

/** What one route is fuzzed as: its credentials, its path values and, where the contract's example cannot know them, its example. */
export interface FuzzStage {
  credentials: Credentials;
  params: Record<string, string>;
  example?: { body?: unknown };
}

export interface FuzzWorld {
  /** Makes what `route`'s valid example needs; call it right before fuzzing the route. */
  stage(route: RouteInfo): Promise<FuzzStage>;
  /** Everyone whose personal data the world holds (for the privacy scan). */
  people: Person[];
}

const CONTACT = { region: '331102', travel: [], symptoms: [], contactWithCase: true, commitment: true };
const CORRECTION = (now: Date) => ({ trigger: 'declared-contact', declaredOn: shanghaiDay(now), category: 'declared-by-mistake', text: '申报时选错了' });

export async function fuzzWorld(target: Target, clockScope: string, run: string): Promise<FuzzWorld> {
  const journey = new Journey(target, clockScope);
  const people: Person[] = [];
  const minted = await mintCredentials(`fuzz-${run}`);
  const as = (token: string): Credentials => ({ headers: (kind) => (kind === 'resident' ? { authorization: `Bearer ${token}` } : minted.headers(kind)) });
  let made = 0;
  const person = () => {
    const p = syntheticPerson();
    people.push(p);
    return p;
  };
  const resident = async () => (await journey.registeredResident(`fuzz-${run}-${made++}`, person())).token;
  const must = async (answer: Promise<{ status: number; text: string; json: any }>, status: number, what: string) => {
    const res = await answer;
    if (res.status !== status) throw new Error(`fuzz world: ${what} answered ${res.status}: ${res.text.slice(0, 200)}`);
    return res.json;
  };
  /** A dependent added but not yet verified: its id, its certify id and its in-person confirmation code. */
  const pendingDependent = async (token: string) => {
    const dep = person();
    const added = await must(journey.send('POST', '/v1/resident/dependents', { token, body: { name: dep.name, documentType: dep.documentType, documentNumber: dep.documentNumber, relation: 'parent' } }), 201, 'adding a dependent');
    return { id: added.dependent.id as string, certifyId: added.verification.certifyId as string, confirmationCode: added.dependent.confirmationCode as string, person: dep };
  };
  const filedCorrection = async () => {
    const token = await resident();
    await must(journey.send('POST', '/v1/resident/declarations', { token, body: CONTACT }), 201, 'declaring a contact');
    return (await must(journey.send('POST', '/v1/resident/corrections', { token, body: CORRECTION(new Date()) }), 201, 'filing a correction')).correction.id as string;
  };

  // The resident most routes run as, with a verified dependent who has declared too.
  const holderPerson = person();
  const holder = (await journey.registeredResident(`fuzz-${run}-holder`, holderPerson)).token;
  const dependentId = await journey.addDependent(holder, person());

  const stages: Record<string, () => Promise<FuzzStage>> = {
    // Each of these would end or use up the holder's state: they get a resident of their own.
    'DELETE /v1/resident/account': async () => ({ credentials: as(await resident()), params: {} }),
    'DELETE /v1/resident/dependents/{id}': async () => {
      const token = await resident();
      return { credentials: as(token), params: { id: await journey.addDependent(token, person()) } };
    },
    'POST /v1/resident/profile': async () => ({ credentials: as(await journey.signIn(`fuzz-${run}-new-${made++}`)), params: {} }),
    'POST /v1/resident/identity-verifications': async () => ({ credentials: as(await journey.signIn(`fuzz-${run}-new-${made++}`)), params: {} }),
    'POST /v1/resident/dependents/{id}/verification': async () => {
      const token = await resident();
      return { credentials: as(token), params: { id: (await pendingDependent(token)).id } };
    },
    'POST /v1/resident/dependents/{id}/verification/result': async () => {
      const token = await resident();
      const dep = await pendingDependent(token);
      await must(journey.send('POST', `/v1/resident/sandbox-certify/${dep.certifyId}`, { token, body: { outcome: 'pass' } }), 204, 'the sandbox face step');
      return { credentials: as(token), params: { id: dep.id } };
    },
    'POST /v1/resident/sandbox-certify/{certifyId}': async () => {
      const token = await resident();
      return { credentials: as(token), params: { certifyId: (await pendingDependent(token)).certifyId } };
    },
    'POST /v1/inspector/dependent-confirmations': async () => {
      const dep = await pendingDependent(await resident());
      return { credentials: minted, params: {}, example: { body: { confirmationCode: dep.confirmationCode, documentType: dep.person.documentType, documentNumber: dep.person.documentNumber, checkpointId: 'demo-gate' } } };
    },
    // A correction needs a trigger to correct: a declared contact of the resident (or the dependent).
    'POST /v1/resident/corrections': async () => {
      const token = await resident();
      await must(journey.send('POST', '/v1/resident/declarations', { token, body: CONTACT }), 201, 'declaring a contact');
      return { credentials: as(token), params: {} };
    },
    'POST /v1/resident/dependents/{id}/corrections': async () => {
      const token = await resident();
      const id = await journey.addDependent(token, person());
      await must(journey.send('POST', `/v1/resident/dependents/${id}/declarations`, { token, body: CONTACT }), 201, "declaring the dependent's contact");
      return { credentials: as(token), params: { id } };
    },
    // The chain of a registered resident.
    'POST /v1/authority/audit/verify-chain': async () => ({ credentials: minted, params: {}, example: { body: { documentType: holderPerson.documentType, documentNumber: holderPerson.documentNumber } } }),
    'POST /v1/authority/corrections/{id}/decision': async () => ({ credentials: minted, params: { id: await filedCorrection() } }),
    'POST /v1/console/corrections/{id}/decision': async () => ({ credentials: minted, params: { id: await filedCorrection() } }),
    'GET /v1/console/feed-proposals/{id}': async () => ({ credentials: minted, params: { id: await proposal() } }),
    'POST /v1/console/feed-proposals/{id}/decision': async () => ({ credentials: minted, params: { id: await proposal() } }),
    'GET /v1/console/risk-areas/proposals/{id}': async () => ({ credentials: minted, params: { id: await riskAreaProposal() } }),
    'POST /v1/console/risk-areas/proposals/{id}/decision': async () => ({ credentials: minted, params: { id: await riskAreaProposal() } }),
    'GET /v1/console/rulesets/proposals/{id}': async () => ({ credentials: minted, params: { id: await rulesetProposal() } }),
    'POST /v1/console/rulesets/proposals/{id}/decision': async () => ({ credentials: minted, params: { id: await rulesetProposal() } }),
    // A mapping to remove, on a checkpoint of its own: a removal takes the checkpoint off inspector
    // tokens issued before it, and the fuzzer's inspector must keep demo-gate. Made by its admin.
    'DELETE /v1/console/checkpoints/{id}/departments/{departmentId}': async () => {
      const id = `fuzz-gate-${run}-${made++}`.slice(0, 64);
      const departmentId = `fuzz-${made++}`;
      const admin = { headers: minted.headers('official') };
      await must(journey.send('POST', '/v1/console/checkpoints', { ...admin, body: { id, name: '模糊测试卡口', type: 'station', county: '331102' } }), 201, 'a checkpoint');
      await must(journey.send('POST', `/v1/console/checkpoints/${id}/departments`, { ...admin, body: { departmentId } }), 200, 'a department mapping');
      return { credentials: minted, params: { id, departmentId } };
    },
  };
  const proposerToken = async () =>
    answerJson(await target({ method: 'POST', path: '/v1/console/sessions', headers: { 'x-dev-clock-scope': clockScope }, body: JSON.stringify({ provider: 'sandbox', subject: 'demo-proposer' }) })).token as string;
  /** A risk-area level proposal and a ruleset proposal by another official, like `proposal` below. */
  const riskAreaProposal = async () => {
    const body = { region: '331102', level: 'high', basis: { kind: 'notice', reference: `丽防指〔2026〕${made++}号` } };
    return (await must(journey.send('POST', '/v1/console/risk-areas/proposals', { token: await proposerToken(), body }), 201, 'a risk-area proposal')).id as string;
  };
  const rulesetProposal = async () => {
    const example = SEEDS['POST /v1/console/rulesets/proposals']!.body!(new Date());
    return (await must(journey.send('POST', '/v1/console/rulesets/proposals', { token: await proposerToken(), body: example }), 201, 'a ruleset proposal')).id as string;
  };
  /** A proposal by another official (the fuzzer's own official may not decide their own). */
  const proposal = async () => {
    const proposer = answerJson(await target({ method: 'POST', path: '/v1/console/sessions', headers: { 'x-dev-clock-scope': clockScope }, body: JSON.stringify({ provider: 'sandbox', subject: 'demo-proposer' }) })).token as string;
    const now = new Date();
    const body = { type: 'close-contact', basis: { kind: 'epi-report', reference: `FUZZ-${run}-${made++}` }, records: [{ documentType: 'resident-id', documentNumber: person().documentNumber, at: new Date(now.getTime() - 60_000).toISOString(), lastExposureDay: shanghaiDay(now) }] };
    return (await must(journey.send('POST', '/v1/console/feed-proposals', { token: proposer, body }), 201, 'a feed proposal')).id as string;
  };

  return {
    people,
    async stage(route) {
      const own = stages[route.key];
      if (own) return own();
      const params: Record<string, string> = route.path.startsWith('/v1/resident/dependents/{id}') ? { id: dependentId } : route.path.includes('/checkpoints/{id}') ? { id: 'demo-gate' } : {};
      return { credentials: as(holder), params };
    },
  };
}
