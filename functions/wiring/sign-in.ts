/**
 * The inspectors' and the officials' sign-in ports (see ./once.ts for the wiring's rules). DingTalk's
 * clients are built per request, on the request's clock (the dev clock on local); the sandbox
 * provider is a port like DingTalk, loaded only when a request asks for it and the stage allows it
 * (not even bundled for prod: functions/adapters/sandbox.ts).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../adapters/clock';
import { config } from '../adapters/config';
import { dingTalkProvider } from '../adapters/dingtalk';
import { dingTalkWebProvider } from '../adapters/dingtalk-web';
import { documentClient } from '../adapters/dynamo';
import { dynamoInspectorRegistry } from '../adapters/inspector-registry';
import { dynamoOfficialRegistry } from '../adapters/official-registry';
import { inspectorSandbox, officialSandbox } from '../adapters/sandbox';
import { secrets } from '../adapters/secrets';
import { issueSession } from '../adapters/sessions';
import type { OfficialSignInPorts } from '../core/console/officials';
import type { InspectorSignInPorts } from '../core/inspector/sign-in';
import { once } from './once';

/** Sign-in ports for one request: its clock, and the provider it names. */
export interface SignInWiring<P> {
  forRequest(clock: Clock, provider: string): Promise<P>;
}

export function inspectorSignInPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName): SignInWiring<InspectorSignInPorts> {
  return once(db, `inspector-sign-in:${tableName}`, () => {
    const registry = dynamoInspectorRegistry(db, tableName);
    return {
      async forRequest(clock, provider) {
        const dingtalk = (await secrets()).dingtalk;
        return {
          dingtalk: dingtalk?.corpId ? dingTalkProvider({ ...dingtalk, corpId: dingtalk.corpId }, clock) : undefined,
          sandbox: provider === 'sandbox' ? await inspectorSandbox(config().sandboxAllowed) : undefined,
          registry,
          issueToken: (claims, at) => issueSession({ ...claims, role: 'inspector' }, at),
        };
      },
    };
  });
}

export function officialSignInPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName): SignInWiring<OfficialSignInPorts> {
  return once(db, `official-sign-in:${tableName}`, () => {
    const registry = dynamoOfficialRegistry(db, tableName);
    return {
      async forRequest(clock, provider) {
        const web = (await secrets()).dingtalkConsole;
        return {
          dingtalk: web ? dingTalkWebProvider(web, clock) : undefined,
          sandbox: provider === 'sandbox' ? await officialSandbox(config().sandboxAllowed) : undefined,
          registry,
          issueToken: (claims, at) => issueSession({ ...claims, role: 'official' }, at),
        };
      },
    };
  });
}
