import { accepted, httpHandler } from '../../middleware';
import { feedRequest } from '../../../shared/api/authority';
import { submitFeed } from '../../core/authority/feeds';
import { authorityPorts } from '../../wiring/authority';

/** 10,000 records of about 200 bytes each, with room to spare; API Gateway allows 10 MB. */
const MAX_FEED_BYTES = 5 * 1024 * 1024;

export const handler = httpHandler({ auth: 'authority', body: feedRequest, maxBodyBytes: MAX_FEED_BYTES, ports: authorityPorts }, async (ctx) =>
  accepted(await submitFeed(ctx.ports, ctx.body, ctx.principal.principal ?? ctx.principal.sub, ctx.now)),
);
