/** My account: what the phone shows of the profile, and the deletion confirmation. Pure. */

export interface StoredProfile {
  registered: boolean;
  maskedName?: string;
  maskedDocument?: string;
  maskedPhone?: string;
}

export function accountView(profile: StoredProfile | undefined) {
  return {
    registered: profile?.registered === true,
    maskedName: profile?.maskedName ?? '',
    maskedDocument: profile?.maskedDocument ?? '',
    maskedPhone: profile?.maskedPhone ?? '',
  };
}

export const DELETE_CONFIRMATION = {
  title: '注销账号并删除数据',
  content: '注销后将立即删除您的实名信息、健康申报、打卡记录和家庭成员信息，且无法恢复。颜色变更记录仅以无法识别您身份的形式保留。确定注销吗？',
  confirmButtonText: '确定注销',
  cancelButtonText: '再想想',
};
