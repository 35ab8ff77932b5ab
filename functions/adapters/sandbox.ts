/**
 * The build-time gate of the sandbox identity providers (sign-in with a made-up subject instead of
 * Alipay or DingTalk), which exist on the `local` and `review` stages only.
 *
 * serverless.ts gives esbuild `define: sandboxDefine(stage)`: `process.env.HEALTH_CODE_SANDBOX`
 * becomes the literal "true" on local and review and "false" on every other stage. On prod the
 * conditions below fold to `false`, esbuild drops the dynamic imports, and ./sandbox-identities (with
 * the sandbox inspector provider it re-exports) is never bundled: the providers are absent from the
 * prod package, not merely switched off. Unbundled (tsx, jest) the variable is unset and the
 * providers load.
 *
 * Either way the runtime gate stays: a stage may use them only when `config.sandboxAllowed` says so.
 * Keep each `process.env.HEALTH_CODE_SANDBOX` test inline in an `if`: esbuild folds it only there.
 * Unminified, esbuild still prints the dead `if (false) return (await null).sandboxProviders.x`;
 * that names no provider, which is what scripts/reliability/bundle.ts looks for.
 */
import type { InspectorIdentityProvider } from '../core/inspector/ports';
import type { OfficialIdentityProvider } from '../core/console/officials';
import type { SandboxCertifyOutcome } from '../core/resident/ports';
import type { ResidentSandboxProvider } from './sandbox-identities';

export type { SandboxCertifyOutcome };
// The providers' types live beside them; a type-only import still leaves ./sandbox-identities out of the bundles.
export type { ResidentSandboxIdentity, ResidentSandboxProvider, TableHandle } from './sandbox-identities';

/** The stages whose bundles carry the sandbox providers. */
export const SANDBOX_STAGES: readonly string[] = ['local', 'review'];

/** The esbuild `define` of a stage (serverless.ts `custom.esbuild.define`). */
export function sandboxDefine(stage: string): Record<string, string> {
  return { 'process.env.HEALTH_CODE_SANDBOX': JSON.stringify(SANDBOX_STAGES.includes(stage) ? 'true' : 'false') };
}

/** The resident sandbox provider, or undefined where sandbox sign-in is not allowed or not built in. */
export async function residentSandbox(allowed: boolean): Promise<ResidentSandboxProvider | undefined> {
  if (process.env.HEALTH_CODE_SANDBOX !== 'false' && allowed) return (await import('./sandbox-identities')).sandboxProviders.resident;
  return undefined;
}

/** The inspector sandbox provider, or undefined where sandbox sign-in is not allowed or not built in. */
export async function inspectorSandbox(allowed: boolean): Promise<InspectorIdentityProvider | undefined> {
  if (process.env.HEALTH_CODE_SANDBOX !== 'false' && allowed) return (await import('./sandbox-identities')).sandboxProviders.inspector;
  return undefined;
}

/** The console's sandbox official provider, or undefined where sandbox sign-in is not allowed or not built in. */
export async function officialSandbox(allowed: boolean): Promise<OfficialIdentityProvider | undefined> {
  if (process.env.HEALTH_CODE_SANDBOX !== 'false' && allowed) return (await import('./sandbox-identities')).sandboxProviders.official;
  return undefined;
}
