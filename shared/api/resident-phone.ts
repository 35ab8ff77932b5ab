/**
 * POST /v1/resident/phone: the envelope of `my.getPhoneNumber`, checked
 * and opened on the server. The answer is the number for this user's own form (prefill), never stored
 * by this call.
 */
import * as z from 'zod';
import './errors';

export const phoneEnvelopeRequest = z.strictObject({
  /** The encrypted `response` string, as my.getPhoneNumber returned it. */
  response: z.string({ error: '缺少手机号授权信息，请重新授权' }).min(1, '缺少手机号授权信息，请重新授权').max(2048, '手机号授权信息过长'),
  sign: z.string({ error: '缺少手机号授权签名，请重新授权' }).min(1, '缺少手机号授权签名，请重新授权').max(1024, '手机号授权签名过长'),
});
export type PhoneEnvelopeRequest = z.infer<typeof phoneEnvelopeRequest>;

export const phoneEnvelopeResponse = z.strictObject({ phone: z.string().regex(/^1[3-9]\d{9}$/) });
export type PhoneEnvelopeResponse = z.infer<typeof phoneEnvelopeResponse>;
