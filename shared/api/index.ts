/**
 * zod schemas of every request and response body of the HTTP API (routes in functions/routes.ts), shared by the handlers and the
 * mini-program clients. Importing this module installs the Chinese error map (./errors).
 *
 * Naming: `fooRequest` / `fooResponse` are schemas; `fooRequestAt(now)` builds a schema whose
 * checks depend on the time (birth dates, travel dates), from the Clock port's `now`.
 */
export * from './errors';
export * from './fields';
export * from './resident';
export * from './inspector';
export * from './authority';
export * from './audit';
export * from './dev';
export * from './corrections';
