import { httpHandler, ok } from '../../middleware';
import { phoneEnvelopeRequest } from '../../../shared/api/resident-phone';
import { residentAlipayPorts } from '../../wiring/resident-alipay';
import { NotConfiguredError } from '../../core/errors';

export const handler = httpHandler({ auth: 'resident', body: phoneEnvelopeRequest, ports: residentAlipayPorts }, async ({ body, ports: { alipay } }) => {
  if (!alipay) throw new NotConfiguredError('手机号授权暂不可用，请手动填写');
  return ok({ phone: alipay.openPhoneEnvelope(body.response, body.sign) });
});
