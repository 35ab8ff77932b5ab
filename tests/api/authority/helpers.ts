/** Shared helpers of the authority API tests. */
import { client } from '../../support/http';
import { LOCAL_AUTHORITY_KEY } from '../../../scripts/lib/seed';
import { profileBody, quietDeclaration, signIn } from '../../support/resident-fixtures';

/** An authority caller with the local static key, on a dev-clock scope. */
export function authority(scope: string) {
  const api = client(scope);
  return (method: string, path: string, body?: unknown) => api.call(method, path, body, { headers: { 'x-authority-key': LOCAL_AUTHORITY_KEY } });
}

/** A resident with a profile and a quiet declaration, signed in at the scope's clock. */
export async function declaredResident(scope: string, declaration: Record<string, unknown> = quietDeclaration) {
  const me = await signIn(scope);
  const profile = profileBody();
  const created = await me.call('POST', '/v1/resident/profile', profile);
  if (created.status !== 201) throw new Error(`profile: ${created.status} ${created.text}`);
  const declared = await me.call('POST', '/v1/resident/declarations', declaration);
  if (declared.status !== 201) throw new Error(`declaration: ${declared.status} ${declared.text}`);
  return { ...me, profile };
}

/** A unique feed id per test run. */
export function feedId(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
