import { httpHandler, ok } from '../../middleware';
import { alipayClient } from '../../adapters/alipay';
import { phoneEnvelopeRequest } from '../../../shared/api/resident-phone';
import { residentPorts } from '../../wiring/resident';
import { NotConfiguredError } from '../../core/errors';

export const handler = httpHandler({ auth: 'resident', body: phoneEnvelopeRequest }, async ({ body, db, config }) => {
  const { alipay } = await residentPorts(db, config, { alipay: alipayClient });
  if (!alipay) throw new NotConfiguredError('手机号授权暂不可用，请手动填写');
  return ok({ phone: alipay.openPhoneEnvelope(body.response, body.sign) });
});
