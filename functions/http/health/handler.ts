import { httpHandler, ok } from '../../middleware';
import { checkHealth } from '../../core/health';
import { tableProbe } from '../../adapters/table-probe';

export const handler = httpHandler({ auth: 'public', tableOptional: true }, async ({ db, config, now }) => {
  const result = await checkHealth({ probe: () => tableProbe(db, config.tableName) }, config, now);
  return ok(result, { 'cache-control': 'no-store' });
});
