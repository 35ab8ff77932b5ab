import { bundleHandler, markers, SANDBOX_PROVIDER_CODE } from '../../scripts/reliability/bundle';

// The sign-in handlers: the only ones that reach the sandbox identity providers.
const SIGN_IN_HANDLERS = ['functions/http/resident-sessions/handler.ts', 'functions/http/inspector-sessions/handler.ts'];

describe('sandbox identity providers in the bundles (issue 9, item 4, fast subset)', () => {
  test.each(SIGN_IN_HANDLERS)('%s: compiled out for prod, compiled in for review', async (entry) => {
    const [prod, review] = await Promise.all([bundleHandler(entry, 'prod'), bundleHandler(entry, 'review')]);
    // The marker finds the providers where they must be (else the prod check would prove nothing)…
    expect(SANDBOX_PROVIDER_CODE.test(review)).toBe(true);
    // …and nothing of them, nor any other forbidden content, in the prod bundle.
    expect(markers(undefined).filter((m) => m.test(prod)).map((m) => m.what)).toEqual([]);
    // The refusal stays: prod answers a sandbox sign-in with a 403.
    expect(prod).toMatch(/provider === "sandbox"/);
  }, 60_000);
});
