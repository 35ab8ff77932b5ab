/**
 * Every Lambda function, as the slices that sit beside their handlers. serverless.ts reads this;
 * so does the test that walks every route. Add one import and one entry per function.
 */
import { health } from './http/health';
import { notFound } from './http/not-found';
import { devClockSet, devClockReset } from './http/dev-clock';

/** Functions deployed on every stage. */
export const functions = {
  health,
  notFound,
};

/** Functions that exist on the local stage only (dev clock, running jobs by hand). */
export const localOnlyFunctions = {
  devClockSet,
  devClockReset,
};
