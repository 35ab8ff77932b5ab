/**
 * What the resident app tests share: a registered resident made through the API (with a declared
 * family member when asked), and a phone that has used the app before.
 */
import { CONSENT_VERSION } from '../../../mini-program/resident/lib/flow';
import { addDependentVerified, personName, profileBody, quietDeclaration, residentId, signIn } from '../../support/resident-fixtures';
import { createMiniApp, type MiniApp } from '../harness';

/** A sign-in subject of its own per call, so tests never share an account. */
export function uniqueSubject(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A registered resident with a first declaration (`declaration`), made through the API. */
export async function registeredResident(scope: string, prefix: string, declaration: object = quietDeclaration) {
  const subject = uniqueSubject(prefix);
  const me = await signIn(scope, `sandbox-${subject}`);
  expect((await me.call('POST', '/v1/resident/profile', profileBody())).status).toBe(201);
  const declared = await me.call('POST', '/v1/resident/declarations', declaration);
  expect(declared.status).toBe(201);
  return { subject, me, color: declared.body.status.color as string };
}

/**
 * A registered resident with one family member, added and verified (the sandbox's face step passes)
 * as a manager does on the family page, and declared with `declaration`.
 */
export async function residentWithDependent(scope: string, prefix: string, options: { birth: string; declaration?: object }) {
  const { subject, me } = await registeredResident(scope, prefix);
  const { added, result } = await addDependentVerified(me, { name: personName(), documentType: 'resident-id', documentNumber: residentId(options.birth), relation: 'grandparent' });
  expect(added.status).toBe(201);
  expect(result.status).toBe(200);
  const dependent = added.body.dependent as { id: string; maskedName: string };
  const declared = await me.call('POST', `/v1/resident/dependents/${dependent.id}/declarations`, options.declaration ?? quietDeclaration);
  expect(declared.status).toBe(201);
  return { subject, me, dependent, dependentColor: declared.body.status.color as string };
}

/** A phone that has used the app before: consent and registration remembered, no live session. */
export function returningPhone(scope: string, subject: string): MiniApp {
  const app = createMiniApp({ appDir: 'mini-program/resident', clockScope: scope });
  app.controls.authSubject = subject;
  app.storage.set('consent', { version: CONSENT_VERSION, at: new Date().toISOString() });
  app.storage.set('profile', { registered: true });
  return app;
}
