/**
 * The one place that touches `dd.*` (DingTalk). Pages and their pure `utils.ts` never call `dd`
 * directly, so the page harness can swap in a fake `dd` and the Alipay app's pages stay recognisable.
 *
 * Nothing here keeps state in module variables: the session, the key ring, the offline queue and the
 * clock offset live in storage, so every page bundle sees the same ones.
 */
import { toProblem, parseJson, NETWORK_MESSAGE, type ApiResult } from '../common/problem';
import { stageConfig } from './config';

export { stageConfig };
export type { ApiResult };

// ---- storage ----

/** Storage keys used across pages. */
export const STORAGE_KEYS = {
  session: 'inspectorSession',
  checkpoint: 'checkpoint',
  keys: 'keyRing',
  clock: 'clockSync',
  queue: 'offlineQueue',
  verdict: 'verdict',
  continuous: 'continuousMode',
  scanOnShow: 'scanOnShow',
} as const;

export function readStorage<T>(key: string): T | undefined {
  const data = dd.getStorageSync({ key })?.data;
  return data === null || data === undefined || data === '' ? undefined : (data as T);
}

export function writeStorage(key: string, data: unknown): void {
  dd.setStorageSync({ key, data });
}

export function removeStorage(key: string): void {
  dd.removeStorageSync({ key });
}

// ---- session ----

export interface Checkpoint {
  id: string;
  name: string;
}

export interface StoredSession {
  token: string;
  expiresAt: string;
  inspectorName: string;
  checkpoints: Checkpoint[];
}

/** The stored session, unless it has expired. */
export function currentSession(): StoredSession | undefined {
  const session = readStorage<StoredSession>(STORAGE_KEYS.session);
  if (!session || !session.token || Date.parse(session.expiresAt) <= Date.now()) return undefined;
  return session;
}

// ---- HTTP ----

export interface RequestOptions {
  /** Leave out the session token (sign-in, public keys). */
  anonymous?: boolean;
  /** Give up after this many milliseconds (default 15 s); the answer is then a network failure. */
  timeoutMs?: number;
}

/**
 * Calls the API through `dd.httpRequest`. DingTalk reports a non-2xx answer as `fail` with error 19
 * and the body in `data`; both paths end here as an ApiResult. A 401 drops the stored session.
 */
export function request<T>(method: 'GET' | 'POST', path: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const session = options.anonymous ? undefined : currentSession();
  if (session) headers.authorization = `Bearer ${session.token}`;
  return new Promise((resolve) => {
    dd.httpRequest({
      url: stageConfig.apiBaseUrl + path,
      method,
      headers,
      data: body === undefined ? undefined : JSON.stringify(body),
      dataType: 'text',
      timeout: options.timeoutMs ?? 15000,
      success: (res) => {
        const data = typeof res.data === 'string' ? parseJson(res.data) : res.data;
        if (res.status >= 200 && res.status < 300) resolve({ ok: true, status: res.status, data: data as T });
        else resolve({ ok: false, kind: 'problem', status: res.status, problem: toProblem(res.status, data) });
      },
      fail: (err) => {
        if (err.error === 19 && typeof err.status === 'number') {
          if (err.status === 401) removeStorage(STORAGE_KEYS.session);
          resolve({ ok: false, kind: 'problem', status: err.status, problem: toProblem(err.status, err.data) });
        } else {
          resolve({ ok: false, kind: 'network', message: NETWORK_MESSAGE });
        }
      },
    });
  });
}

// ---- DingTalk capabilities ----

export type Outcome<T> = ({ ok: true } & T) | { ok: false; message: string };

/** The one-time DingTalk code of the signed-in DingTalk user, for the app's organisation. */
export function getAuthCode(corpId: string): Promise<Outcome<{ authCode: string }>> {
  return new Promise((resolve) => {
    dd.getAuthCode({
      corpId,
      success: ({ authCode }) => resolve({ ok: true, authCode }),
      fail: () => resolve({ ok: false, message: '未能获取钉钉登录授权，请确认已登录本单位钉钉后重试' }),
    });
  });
}

/** Opens the QR scanner; `ok: false` when the inspector closed it without a code. */
export function scanQr(): Promise<Outcome<{ code: string }>> {
  return new Promise((resolve) => {
    dd.scan({
      type: 'qr',
      success: ({ code }) => resolve({ ok: true, code: typeof code === 'string' ? code : '' }),
      fail: () => resolve({ ok: false, message: '已取消扫码' }),
    });
  });
}

/**
 * Distinct vibrations so the inspector knows the verdict without looking: one short buzz for pass,
 * a long one for stop or invalid. Silently does nothing where the device cannot vibrate.
 */
export function vibrate(pattern: 'pass' | 'stop'): void {
  try {
    if (pattern === 'pass') dd.vibrateShort({});
    else dd.vibrateLong({});
  } catch {
    // Vibration is a courtesy; the screen carries the verdict.
  }
}

/**
 * Plays the verdict's own sound, so a busy gate hears pass and stop apart besides the buzz. Silent
 * where the client has no audio player; the screen and the vibration still carry the verdict.
 */
export function playSound(src: string): void {
  try {
    const audio = dd.createInnerAudioContext();
    audio.src = src;
    audio.play();
  } catch {
    // Sound is a second channel, never the only one.
  }
}

/** Keeps the screen on while the gate is being worked. */
export function keepScreenOn(): void {
  try {
    dd.setKeepScreenOn({ keepScreenOn: true });
  } catch {
    // Older clients lack it; the inspector can still tap the screen awake.
  }
}

/** Calls `listener` whenever the device regains a network connection. */
export function onNetworkBack(listener: () => void): void {
  try {
    dd.onNetworkStatusChange(({ isConnected }) => {
      if (isConnected) listener();
    });
  } catch {
    // Without the event, the periodic sync still uploads the queue.
  }
}

// ---- feedback and navigation ----

export function toast(content: string, type: 'none' | 'success' | 'fail' = 'none'): void {
  dd.showToast({ content, type });
}

export function navigateTo(url: string): void {
  dd.navigateTo({ url });
}

export function navigateBack(): void {
  dd.navigateBack({});
}

export function reLaunch(url: string): void {
  dd.reLaunch({ url });
}

// ---- time ----

export function now(): Date {
  return new Date();
}

/** Runs `tick` every `ms` milliseconds until the returned function is called. */
export function every(ms: number, tick: () => void): () => void {
  const id = setInterval(tick, ms);
  return () => clearInterval(id);
}

/** Runs `task` once after `ms` milliseconds unless the returned function is called first. */
export function after(ms: number, task: () => void): () => void {
  const id = setTimeout(task, ms);
  return () => clearTimeout(id);
}

/** A scan id unique enough within one inspector's log: time plus 60 random bits. */
export function newScanId(): string {
  const random = () => Math.floor(Math.random() * 0x40000000).toString(36);
  return `${Date.now().toString(36)}-${random()}${random()}`;
}
