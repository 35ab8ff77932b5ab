/** Sign-in and the choice of a checkpoint. Pure: no `dd`, no `this`. */
import type { InspectorSessionResponse } from '../../../../shared/api';
import type { ApiResult } from '../../../common/problem';
import type { Checkpoint, StoredSession } from '../../platform';

export const NOT_AUTHORISED = '您不是授权核验人员';
export const NOT_AUTHORISED_HELP =
  '核验权限由本单位疫情防控负责人在钉钉后台设置。请联系您所在卡口的负责人或单位管理员，把您加入核验人员所在的部门或角色，然后重新打开本应用。';

/** The sandbox test account seeded on the local stage (`npm start`). */
export const DEFAULT_TEST_ACCOUNT = 'demo-inspector';

export interface SignInFailure {
  error: string;
  help: string;
}

/** What to tell the person after a failed sign-in call. */
export function signInFailure(result: Exclude<ApiResult<unknown>, { ok: true }>): SignInFailure {
  if (result.kind === 'network') return { error: result.message, help: '登录需要联网；登录后断网仍可离线核验。' };
  if (result.status === 403) return { error: NOT_AUTHORISED, help: NOT_AUTHORISED_HELP };
  return { error: result.problem.detail || result.problem.title, help: '' };
}

/** The session to store from a sign-in answer. */
export function sessionOf(answer: InspectorSessionResponse): StoredSession {
  return {
    token: answer.token,
    expiresAt: answer.expiresAt,
    inspectorName: answer.inspector.name,
    checkpoints: answer.inspector.checkpoints,
  };
}

/**
 * The checkpoint to use without asking: the one stored earlier if the inspector still works it,
 * or the only one they have. Undefined means: let them pick.
 */
export function preselectedCheckpoint(checkpoints: readonly Checkpoint[], stored: Checkpoint | undefined): Checkpoint | undefined {
  if (stored && checkpoints.some((c) => c.id === stored.id)) return checkpoints.find((c) => c.id === stored.id);
  return checkpoints.length === 1 ? checkpoints[0] : undefined;
}
