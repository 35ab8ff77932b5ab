/**
 * Resident, inspector and authority steps over a Target, as the mini-programs and authority systems
 * take them. Each step returns the answer and records it, so the privacy scan can read every
 * response a run produced.
 */
import { issueSession } from '../../functions/adapters/sessions';
import type { Person } from './people';
import { answerJson, type ApiAnswer, type ApiRequest, type Target } from './target';

export interface Recorded {
  request: ApiRequest;
  answer: ApiAnswer;
}

export class Journey {
  readonly answers: Recorded[] = [];

  constructor(
    private readonly target: Target,
    readonly clockScope: string,
  ) {}

  async send(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string>; query?: Record<string, string> } = {}): Promise<ApiAnswer & { json: any }> {
    const request: ApiRequest = {
      method,
      path,
      query: options.query,
      headers: { 'x-dev-clock-scope': this.clockScope, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    };
    const answer = await this.target(request);
    this.answers.push({ request, answer });
    return { ...answer, json: answerJson(answer) };
  }

  /** Sandbox sign-in; returns the resident token. */
  async signIn(subject: string): Promise<string> {
    const res = await this.send('POST', '/v1/resident/sessions', { body: { provider: 'sandbox', subject } });
    if (res.status !== 200) throw new Error(`resident sign-in answered ${res.status}: ${res.text.slice(0, 200)}`);
    return res.json.token as string;
  }

  /** Signs in, registers the person and declares a clean health state: a green resident with a code. */
  async registeredResident(subject: string, person: Person): Promise<{ token: string; profile: any }> {
    const token = await this.signIn(subject);
    const profile = await this.send('POST', '/v1/resident/profile', { token, body: person });
    if (profile.status !== 201) throw new Error(`profile answered ${profile.status}: ${profile.text.slice(0, 200)}`);
    const declared = await this.send('POST', '/v1/resident/declarations', { token, body: { region: '331102', travel: [], symptoms: [], contactWithCase: false, commitment: true } });
    if (declared.status !== 201) throw new Error(`declaration answered ${declared.status}: ${declared.text.slice(0, 200)}`);
    return { token, profile: profile.json };
  }

  /**
   * Adds a dependent, passes the sandbox's identity verification for them (the person in front of
   * the manager's phone), and declares a clean health state, so they have a code too.
   */
  async addDependent(token: string, person: Person): Promise<string> {
    const res = await this.send('POST', '/v1/resident/dependents', { token, body: { name: person.name, documentType: person.documentType, documentNumber: person.documentNumber, relation: 'parent' } });
    if (res.status !== 201) throw new Error(`adding a dependent answered ${res.status}: ${res.text.slice(0, 200)}`);
    const id = res.json.dependent.id as string;
    const step = await this.send('POST', `/v1/resident/sandbox-certify/${res.json.verification.certifyId}`, { token, body: { outcome: 'pass' } });
    if (step.status !== 204) throw new Error(`the sandbox face step answered ${step.status}: ${step.text.slice(0, 200)}`);
    const verified = await this.send('POST', `/v1/resident/dependents/${id}/verification/result`, { token, body: {} });
    if (verified.status !== 200) throw new Error(`the dependent's verification answered ${verified.status}: ${verified.text.slice(0, 200)}`);
    const declared = await this.send('POST', `/v1/resident/dependents/${id}/declarations`, { token, body: { region: '331102', travel: [], symptoms: [], contactWithCase: false, commitment: true } });
    if (declared.status !== 201) throw new Error(`the dependent's declaration answered ${declared.status}: ${declared.text.slice(0, 200)}`);
    return id;
  }

  async code(token: string, dependentId?: string): Promise<string> {
    const res = await this.send('GET', dependentId ? `/v1/resident/dependents/${dependentId}/code` : '/v1/resident/code', { token });
    if (res.status !== 200) throw new Error(`code answered ${res.status}: ${res.text.slice(0, 200)}`);
    return res.json.payload as string;
  }
}

/** A token for an inspector at the seeded demo checkpoint (minted with the stack's session key). */
export async function inspectorToken(sub: string): Promise<string> {
  return (await issueSession({ sub, role: 'inspector', checkpoints: ['demo-gate'] }, new Date())).token;
}

/** The local authority key seeded on the local stage. */
export const AUTHORITY_HEADERS = { 'x-authority-key': 'local-authority-key' };
