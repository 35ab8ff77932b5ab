import { httpHandler, ok } from '../../middleware';
import { inspectorSessionRequest } from '../../../shared/api/inspector';
import { signInInspector } from '../../core/inspector/sign-in';
import { dynamoInspectorRegistry } from '../../adapters/inspector-registry';
import { dingTalkProvider } from '../../adapters/dingtalk';
import { secrets } from '../../adapters/secrets';
import { issueSession } from '../../adapters/sessions';
import { inspectorSandbox } from '../../adapters/sandbox';

export const handler = httpHandler({ auth: 'public', body: inspectorSessionRequest }, async ({ body, now, clock, db, config }) => {
  const dingtalk = (await secrets()).dingtalk;
  const result = await signInInspector(
    {
      dingtalk: dingtalk?.corpId ? dingTalkProvider({ ...dingtalk, corpId: dingtalk.corpId }, clock) : undefined,
      // Loaded only where allowed; not even bundled for prod (adapters/sandbox).
      sandbox: body.provider === 'sandbox' ? await inspectorSandbox(config.sandboxAllowed) : undefined,
      registry: dynamoInspectorRegistry(db, config.tableName),
      issueToken: (claims, at) => issueSession({ ...claims, role: 'inspector' }, at),
    },
    body,
    now,
  );
  return ok(result);
});
