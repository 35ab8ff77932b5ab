/**
 * The one place that touches `my.*`. Pages and their pure `utils.ts` never call `my` directly, so the
 * DingTalk app can mirror this file with `dd.*` and the page harness can swap in a fake `my`.
 *
 * Nothing here keeps state in module variables: the session lives in storage, so every page bundle
 * sees the same one.
 */
import { z } from 'zod';
import { residentSessionResponse, type Problem } from '../../shared/api';
import { stageConfig } from './config';
import { signInBody } from './pages/authorise/utils';
import { type ApiResult } from '../common/problem';
import { every, isLive, now, sendRequest, storageOf, type HttpMethod, type PlatformStorage, type SendOptions } from '../common/http';

export { stageConfig, every, now };
export type { ApiResult, Problem };

// ---- storage ----

/** Storage keys used across pages. */
export const STORAGE_KEYS = {
  session: 'session',
  consent: 'consent',
  profile: 'profile',
  lastCheckin: 'lastCheckin',
  testAccount: 'testAccount',
  /** The holder's last code, so a still-valid one shows at once when the page opens. */
  lastCode: 'lastCode',
  /** Display preferences: elder mode (长辈模式). */
  display: 'display',
} as const;

const storage = storageOf(() => my as unknown as PlatformStorage);
export const readStorage = storage.read;
export const writeStorage = storage.write;
export const removeStorage = storage.remove;

export function clearStorage(): void {
  my.clearStorageSync();
}

// ---- session ----

export interface StoredSession {
  token: string;
  expiresAt: string;
}

/** The stored session, unless it has expired. */
export function currentSession(): StoredSession | undefined {
  const session = readStorage<StoredSession>(STORAGE_KEYS.session);
  return isLive(session) ? session : undefined;
}

// ---- HTTP ----

export interface RequestOptions<T> extends Pick<SendOptions<T>, 'schema' | 'idempotencyKey'> {
  /** Leave out the session token (sign-in). */
  anonymous?: boolean;
}

/**
 * Calls the API. Without a live session, or when the API answers 401, the resident is signed in
 * again silently (Alipay's `auth_base` scope shows no prompt) and the request is retried once, so an
 * expired 2-hour session never costs a tap. Only when that fails does the page see the 401.
 */
export async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, options: RequestOptions<T> = {}): Promise<ApiResult<T>> {
  if (options.anonymous) return send(method, path, body, options, undefined);
  let session = currentSession();
  if (!session) session = await silentSignIn();
  const first = await send(method, path, body, options, session);
  if (first.ok || first.kind !== 'problem' || first.status !== 401) return first;
  const renewed = await silentSignIn();
  return renewed ? send(method, path, body, options, renewed) : first;
}

/**
 * Signs in without a prompt (`auth_base`) and stores the session; undefined when the platform or the
 * API refuses. Only for a resident who signed in before: a first sign-in goes through the sign-in page.
 */
export async function silentSignIn(): Promise<StoredSession | undefined> {
  if (readStorage(STORAGE_KEYS.profile) === undefined) return undefined;
  const auth = await authCodeFor('auth_base');
  if (!auth.ok) return undefined;
  const body = signInBody(stageConfig, auth.authCode, readStorage<string>(STORAGE_KEYS.testAccount) ?? '');
  const answer = await send('POST', '/v1/resident/sessions', body, { schema: residentSessionResponse }, undefined);
  if (!answer.ok) return undefined;
  const session = { token: answer.data.token, expiresAt: answer.data.expiresAt };
  writeStorage(STORAGE_KEYS.session, session);
  // An account that is no longer registered (deleted elsewhere) starts over from the sign-in page.
  if (!answer.data.registered) removeStorage(STORAGE_KEYS.profile);
  return answer.data.registered ? session : undefined;
}

/** One HTTP call through `my.request` (the shared core in common/http.ts); a 401 drops the stored session. */
function send<T>(method: HttpMethod, path: string, body: unknown, options: RequestOptions<T>, session: StoredSession | undefined): Promise<ApiResult<T>> {
  return sendRequest<T>((o) => my.request(o as unknown as Parameters<typeof my.request>[0]), stageConfig.apiBaseUrl, method, path, body, {
    schema: options.schema,
    idempotencyKey: options.idempotencyKey,
    token: session?.token,
    onUnauthorised: () => removeStorage(STORAGE_KEYS.session),
  });
}

/** The schema of a 204 answer: no body at all. */
export const NO_CONTENT = z.undefined();

/** A fresh Idempotency-Key for one user action (kept while the same action is retried). */
export function newIdempotencyKey(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

// ---- Alipay capabilities ----

export type Outcome<T> = ({ ok: true } & T) | { ok: false; message: string };

/**
 * A one-time sign-in code. The sign-in page asks for `auth_user` (the API reads the real-name
 * certification with it); the silent re-sign-in of a registered resident uses `auth_base`, which
 * shows no prompt.
 */
export function getAuthCode(scope: 'auth_base' | 'auth_user' = 'auth_user'): Promise<Outcome<{ authCode: string }>> {
  return authCodeFor(scope);
}

function authCodeFor(scope: 'auth_base' | 'auth_user'): Promise<Outcome<{ authCode: string }>> {
  return new Promise((resolve) => {
    my.getAuthCode({
      scopes: [scope],
      success: ({ authCode }) => resolve({ ok: true, authCode }),
      fail: () => resolve({ ok: false, message: '您取消了授权，可以稍后再试' }),
    });
  });
}

/**
 * Alipay identity verification (支付宝身份验证, `my.startAPVerify`) of the ticket the server started.
 * The client's result only says whether to ask the server: the server queries Alipay and decides.
 * resultStatus 9000: done; 6001: the user quit half-way; 6002: network; 4000: refused by Alipay.
 */
export function startIdentityVerification(ticket: { url: string; certifyId: string }): Promise<Outcome<object>> {
  return new Promise((resolve) => {
    const api = my as unknown as { startAPVerify?: (o: { url: string; certifyId: string; success: (r: { resultStatus?: string }) => void; fail: () => void }) => void };
    if (typeof api.startAPVerify !== 'function') {
      resolve({ ok: false, message: '当前支付宝版本不支持刷脸验证，请升级支付宝后再试' });
      return;
    }
    api.startAPVerify({
      url: ticket.url,
      certifyId: ticket.certifyId,
      success: ({ resultStatus }) => {
        if (resultStatus === '9000') resolve({ ok: true });
        else if (resultStatus === '6001') resolve({ ok: false, message: '您已退出刷脸验证，可以点击“重新验证”再试一次' });
        else if (resultStatus === '6002') resolve({ ok: false, message: '网络不稳定，刷脸验证未完成，请稍后重新验证' });
        else resolve({ ok: false, message: '刷脸验证未完成，请确认是本人面对手机后重新验证' });
      },
      fail: () => resolve({ ok: false, message: '刷脸验证未能启动，请稍后重新验证' }),
    });
  });
}

/** The encrypted phone envelope, after the user tapped the `getAuthorize` button for `phoneNumber`. */
export function getPhoneNumber(): Promise<Outcome<{ response: string }>> {
  return new Promise((resolve) => {
    my.getPhoneNumber({
      success: ({ response }) => resolve({ ok: true, response }),
      fail: () => resolve({ ok: false, message: '未能获取手机号，请手动填写' }),
    });
  });
}

/** The GB/T 2260 district code of where the phone is, if the user lets us locate it. */
export function getDistrictAdcode(): Promise<Outcome<{ adcode?: string }>> {
  return new Promise((resolve) => {
    my.getLocation({
      type: 1,
      success: (location) => resolve({ ok: true, adcode: location.districtAdcode }),
      fail: () => resolve({ ok: false, message: '未能获取位置，请手动选择所在地区' }),
    });
  });
}

/** The system date picker; undefined when cancelled. */
export function pickDate(options: { current: string; start: string; end: string }): Promise<string | undefined> {
  return new Promise((resolve) => {
    my.datePicker({
      format: 'yyyy-MM-dd',
      currentDate: options.current,
      startDate: options.start,
      endDate: options.end,
      success: ({ date }) => resolve(date),
      fail: () => resolve(undefined),
    });
  });
}

/** Raises the screen to full brightness; resolves with the previous level when the platform allows it. */
export function raiseBrightness(): Promise<number | undefined> {
  return new Promise((resolve) => {
    my.getScreenBrightness({
      success: ({ brightness }) => {
        my.setScreenBrightness({ brightness: 1, success: () => resolve(brightness), fail: () => resolve(undefined) });
      },
      fail: () => resolve(undefined),
    });
  });
}

export function restoreBrightness(previous: number | undefined): void {
  if (previous !== undefined) my.setScreenBrightness({ brightness: previous });
}

/**
 * The host app's font-size setting in px (Alipay's `fontSizeSetting`: 16 is the standard size),
 * undefined where the client does not say.
 */
export function hostFontSize(): number | undefined {
  try {
    const info = my.getSystemInfoSync() as { fontSizeSetting?: unknown };
    return typeof info.fontSizeSetting === 'number' ? info.fontSizeSetting : undefined;
  } catch {
    return undefined;
  }
}

// ---- feedback and navigation ----

/** The title bar's background on the current page (white title text on it). */
export function setTitleBarColor(backgroundColor: string): void {
  my.setNavigationBar({ backgroundColor });
}

export function toast(content: string, type: 'none' | 'success' | 'fail' = 'none'): void {
  my.showToast({ content, type });
}

export function confirm(options: { title: string; content: string; confirmButtonText: string; cancelButtonText: string }): Promise<boolean> {
  return new Promise((resolve) => {
    my.confirm({ ...options, success: ({ confirm: yes }) => resolve(yes), fail: () => resolve(false) });
  });
}

export function navigateTo(url: string): void {
  my.navigateTo({ url });
}

export function redirectTo(url: string): void {
  my.redirectTo({ url });
}

export function reLaunch(url: string): void {
  my.reLaunch({ url });
}

export function stopPullDownRefresh(): void {
  my.stopPullDownRefresh();
}
