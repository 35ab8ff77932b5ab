/**
 * The sandbox identity providers themselves (stages local and review). Never import this module
 * statically: load it through ./sandbox.ts, whose build-time gate keeps it out of the prod bundles.
 */
import { keys } from './keys';
import { sandboxInspectorProvider } from '../core/inspector/sign-in';
import { sandboxOfficialProvider } from '../core/console/officials';
import type { ResidentSandboxProvider } from './sandbox';

export { sandboxInspectorProvider };

/** Sandbox subjects starting with this are treated as accounts without real-name certification. */
export const SANDBOX_UNCERTIFIED_PREFIX = 'uncertified-';

/** The resident sandbox provider: the subject is the identity, certified unless it says otherwise. */
export const residentSandboxProvider: ResidentSandboxProvider = {
  identify: (subject) => ({ link: keys.sandboxSubject(subject), certified: !subject.startsWith(SANDBOX_UNCERTIFIED_PREFIX) }),
};

/** What ./sandbox.ts loads. */
export const sandboxProviders = { resident: residentSandboxProvider, inspector: sandboxInspectorProvider, official: sandboxOfficialProvider };
