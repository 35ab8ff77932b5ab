/** The home page's content and its main entry. Pure. */
import { PAGES, nextStep, type FlowState } from '../../lib/flow';

export interface Audience {
  title: string;
  text: string;
}

export interface Service {
  label: string;
  url: string;
}

export const HOME_INTRO =
  '丽水健康码是丽水市用于疫情防控的电子健康凭证。申领后按绿、黄、红三种颜色动态显示，进出小区、单位、车站等场所时出示即可，颜色由统一规则根据健康申报、每日打卡和卫生健康部门数据自动判定，任何人不能手工修改。';

export const AUDIENCES: readonly Audience[] = [
  { title: '丽水居民', text: '在丽水市莲都区及龙泉、青田、云和、庆元、缙云、遂昌、松阳、景宁生活或工作的人员。' },
  { title: '来丽、返丽人员', text: '从市外、省外来到或返回丽水的人员，到达前后均可申领。' },
  { title: '港澳台居民和外籍人士', text: '持港澳居民来往内地通行证、台湾居民来往大陆通行证或护照，同样可以申领。' },
  { title: '老人和儿童', text: '没有智能手机的家人，可由您在“家庭成员”中代为申领并出示。' },
];

export const SERVICES: readonly Service[] = [
  { label: '健康状态', url: PAGES.status },
  { label: '健康打卡', url: PAGES.checkin },
  { label: '健康申报', url: PAGES.declaration },
  { label: '变更记录', url: PAGES.history },
  { label: '家庭成员', url: PAGES.family },
  { label: '我的账号', url: PAGES.account },
];

/** Whether opening the mini-program goes straight to the code page (consented and registered before). */
export function landsOnCode(state: { consented: boolean; registered: boolean }): boolean {
  return state.consented && state.registered;
}

/** The main button: "申领健康码" before the profile exists, "出示健康码" after. */
export function homeView(state: FlowState) {
  const ready = state.consented && state.signedIn && state.registered;
  return {
    primaryLabel: ready ? '出示健康码' : '申领健康码',
    primaryUrl: nextStep(state),
    services: ready ? SERVICES.slice() : [],
  };
}
