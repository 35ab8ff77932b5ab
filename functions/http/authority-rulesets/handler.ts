import * as z from 'zod';
import { httpHandler, ok } from '../../middleware';
import { identifier } from '../../../shared/api/fields';
import { putRuleset } from '../../core/authority/rulesets';
import { authorityPorts } from '../../wiring/authority';

// The document is checked by the ruleset schema inside the use case, which answers every error in Chinese.
export const handler = httpHandler(
  { auth: 'authority', body: z.unknown(), path: z.object({ version: identifier('版本号') }), maxBodyBytes: 256 * 1024, ports: authorityPorts },
  async (ctx) => ok(await putRuleset(ctx.ports, ctx.path.version, ctx.body, ctx.principal.principal ?? ctx.principal.sub, ctx.now)),
);
