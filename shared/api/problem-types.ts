/**
 * The `type` URIs of problem+json answers a client must tell apart. Two 409s can mean opposite
 * things (not yet declared vs already checked in today), so clients read the type, never the status
 * alone. Pure.
 */
const BASE = 'https://health-code.lishui.example/problems/';

export const PROBLEM_TYPES = {
  conflict: `${BASE}conflict`,
  /** No real-name profile yet (a fresh account, or a dependent being added). */
  notRegistered: `${BASE}not-registered`,
  /** A profile, but no health declaration yet: no code, no check-in. */
  notDeclared: `${BASE}not-declared`,
  /** Today's check-in is already recorded. */
  alreadyCheckedIn: `${BASE}already-checked-in`,
  unauthenticated: `${BASE}unauthenticated`,
  notFound: `${BASE}not-found`,
} as const;
