import { httpHandler, ok } from '../../middleware';
import { consoleSessionRequest } from '../../../shared/api/console';
import { signInOfficial } from '../../core/console/officials';
import { dynamoOfficialRegistry } from '../../adapters/official-registry';
import { dingTalkWebProvider } from '../../adapters/dingtalk-web';
import { secrets } from '../../adapters/secrets';
import { issueSession } from '../../adapters/sessions';
import { officialSandbox } from '../../adapters/sandbox';

export const handler = httpHandler({ auth: 'public', body: consoleSessionRequest }, async ({ body, now, clock, db, config }) => {
  const web = (await secrets()).dingtalkConsole;
  return ok(
    await signInOfficial(
      {
        dingtalk: web ? dingTalkWebProvider(web, clock) : undefined,
        sandbox: body.provider === 'sandbox' ? await officialSandbox(config.sandboxAllowed) : undefined,
        registry: dynamoOfficialRegistry(db, config.tableName),
        issueToken: (claims, at) => issueSession({ ...claims, role: 'official' }, at),
      },
      body,
      now,
    ),
  );
});
