import { httpHandler, ok } from '../../middleware';
import { publishedKeys } from '../../adapters/code-keys';

/** The code-signing public keys; cacheable for 5 minutes, so verification also works offline. */
export const handler = httpHandler({ auth: 'public' }, async ({ now }) =>
  ok({ keys: await publishedKeys(now) }, { 'cache-control': 'public, max-age=300' }));
