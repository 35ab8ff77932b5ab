/**
 * The identity verification step shared by the profile and family pages. Pure: the pages call the
 * platform (`my.startAPVerify`) or, in the sandbox, the sandbox's face step route.
 */

/** A ticket from the server: on the sandbox stages its URL is `sandbox://certify?…`, which no Alipay client opens. */
export function isSandboxTicket(ticket: { url: string }): boolean {
  return ticket.url.startsWith('sandbox://');
}

/** What the sandbox's face step may be told (test accounts on local and review only). */
export const SANDBOX_OUTCOMES = [
  { outcome: 'pass', label: '模拟：本人刷脸通过' },
  { outcome: 'fail', label: '模拟：不是本人，验证不通过' },
  { outcome: 'quit', label: '模拟：中途退出' },
] as const;

export type SandboxOutcome = (typeof SANDBOX_OUTCOMES)[number]['outcome'];

/** The guidance shown while a family member's verification is pending. */
export function dependentVerificationHint(maskedName: string): string {
  return `请让${maskedName}本人面对手机，按提示完成刷脸验证。验证通过前，不会显示TA的健康码。`;
}

/** For people who cannot pass face verification. */
export function inPersonHint(confirmationCode: string): string {
  return `无法刷脸的老人或儿童，可带本人证件到社区服务点，出示确认码${confirmationCode}，由工作人员当面确认。`;
}
