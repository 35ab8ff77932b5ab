import { httpHandler } from '../../middleware';
import { MethodNotAllowedError, NotFoundError } from '../../core/errors';
import { allowedMethods, ROUTES_ENV } from './allowed';

/** Whatever no route claims: a wrong method on a known path is a 405 with Allow, anything else a 404. */
export const handler = httpHandler({ auth: 'public', ignoreBody: true }, async ({ event }) => {
  const method = event.requestContext?.http?.method?.toUpperCase() ?? '';
  const allow = allowedMethods(process.env[ROUTES_ENV] ?? '', event.rawPath ?? '');
  if (allow.length && !allow.includes(method)) {
    throw new MethodNotAllowedError(`此接口不支持${method}请求，请使用${allow.join('、')}`, allow);
  }
  throw new NotFoundError('没有这个接口，请检查地址是否正确');
});
