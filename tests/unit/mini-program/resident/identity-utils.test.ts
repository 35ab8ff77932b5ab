import { certifiedView, validatePhone } from '../../../../mini-program/resident/pages/authorise/utils';
import { countsTowardLimit, dependentRows } from '../../../../mini-program/resident/pages/family/utils';
import { dependentVerificationHint, inPersonHint, isSandboxTicket } from '../../../../mini-program/resident/lib/verification';

describe('confirm-from-Alipay and face verification helpers', () => {
  test('the certified identity is shown masked with its document label; none means the typed form', () => {
    expect(certifiedView({ maskedName: '张*三', documentType: 'hk-macau-permit', maskedDocument: 'H1*****78' })).toEqual({ maskedName: '张*三', documentLabel: expect.stringContaining('港澳'), maskedDocument: 'H1*****78' });
    expect(certifiedView(undefined)).toBeNull();
  });

  test('the confirm screen checks the phone alone, in Chinese', () => {
    expect(validatePhone('+86 138 0013 8000')).toEqual({ ok: true, phone: '13800138000' });
    expect(validatePhone('12')).toEqual({ ok: false, message: '请填写11位手机号码' });
  });

  test('pending and claimed family members have no code to show; pending ones show how to be confirmed in person', () => {
    const rows = dependentRows([
      { id: 'a', maskedName: '王*宝', maskedDocument: '3311**********1234', state: 'pending', confirmationCode: 'ABCD2345' },
      { id: 'b', maskedName: '李*', maskedDocument: '3311**********4321', state: 'claimed', notice: '该家庭成员已自行申领健康码' },
      { id: 'c', maskedName: '赵*', maskedDocument: '3311**********5555' },
    ]);
    expect(rows.map((r) => [r.state, r.notice])).toEqual([['pending', '待刷脸验证'], ['claimed', '该家庭成员已自行申领健康码'], ['active', '']]);
    expect(rows[0]!.inPerson).toBe(inPersonHint('ABCD2345'));
    expect(rows[0]!.inPerson).toContain('社区服务点');
    expect(countsTowardLimit([{ id: 'a', maskedName: '', maskedDocument: '', state: 'claimed' }, { id: 'b', maskedName: '', maskedDocument: '', state: 'pending' }])).toBe(1);
  });

  test('a sandbox ticket is recognised, so the page shows the sandbox face step instead of my.startAPVerify', () => {
    expect(isSandboxTicket({ url: 'sandbox://certify?certify_id=SBX1' })).toBe(true);
    expect(isSandboxTicket({ url: 'https://openapi.alipay.com/gateway.do?method=alipay.user.certify.open.certify' })).toBe(false);
    expect(dependentVerificationHint('王*宝')).toBe('请让王*宝本人面对手机，按提示完成刷脸验证。验证通过前，不会显示TA的健康码。');
  });
});
