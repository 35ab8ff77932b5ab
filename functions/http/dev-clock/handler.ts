import { httpHandler, ok } from '../../middleware';
import { devClock, clockScope } from '../../adapters/clock';
import { devClockRequest } from '../../../shared/api/dev';
import { ForbiddenError } from '../../core/errors';

/** Defence in depth: these handlers are only deployed on local, and refuse to run anywhere else. */
function assertLocal(devRoutes: boolean): void {
  if (!devRoutes) throw new ForbiddenError('此功能仅用于本地开发环境');
}

export const set = httpHandler({ auth: 'public', body: devClockRequest }, async ({ body, db, config, headers }) => {
  assertLocal(config.devRoutes);
  const scope = clockScope(headers['x-dev-clock-scope']);
  await devClock.set(db, config.tableName, scope, new Date(body.now));
  return ok({ scope, now: new Date(body.now).toISOString() });
});

export const reset = httpHandler({ auth: 'public' }, async ({ db, config, headers }) => {
  assertLocal(config.devRoutes);
  const scope = clockScope(headers['x-dev-clock-scope']);
  await devClock.reset(db, config.tableName, scope);
  return ok({ scope, now: new Date().toISOString() });
});
