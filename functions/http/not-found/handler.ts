import { httpHandler } from '../../middleware';
import { NotFoundError } from '../../core/errors';

export const handler = httpHandler({ auth: 'public', maxBodyBytes: 10 * 1024 * 1024 }, async () => {
  throw new NotFoundError('没有这个接口，请检查地址是否正确');
});
