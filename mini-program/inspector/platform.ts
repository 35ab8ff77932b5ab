/**
 * The one place that touches `dd.*` (DingTalk). Pages and their pure `utils.ts` never call `dd`
 * directly, so the page harness can swap in a fake `dd` and the Alipay app's pages stay recognisable.
 *
 * Nothing here keeps state in module variables: the session, the key ring, the offline queue and the
 * clock offset live in storage, so every page bundle sees the same ones.
 */
import type { z } from 'zod';
import { type ApiResult } from '../common/problem';
import { after, every, isLive, now, sendRequest, storageOf } from '../common/http';
import { stageConfig } from './config';

export { stageConfig, after, every, now };
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

const storage = storageOf(() => dd);
export const readStorage = storage.read;
export const writeStorage = storage.write;
export const removeStorage = storage.remove;

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
  return isLive(session) ? session : undefined;
}

// ---- HTTP ----

export interface RequestOptions<T> {
  /** The shared zod schema of the 2xx body; a body that does not match is reported as a failure. */
  schema?: z.ZodType<T>;
  /** Leave out the session token (sign-in, public keys). */
  anonymous?: boolean;
  /** Give up after this many milliseconds (default 15 s); the answer is then a network failure. */
  timeoutMs?: number;
}

/**
 * Calls the API through `dd.httpRequest` (the shared core in common/http.ts): the session token, the
 * schema check of a 2xx body, and a 401 drops the stored session.
 */
export function request<T>(method: 'GET' | 'POST', path: string, body?: unknown, options: RequestOptions<T> = {}): Promise<ApiResult<T>> {
  const session = options.anonymous ? undefined : currentSession();
  return sendRequest<T>((o) => dd.httpRequest(o as Parameters<typeof dd.httpRequest>[0]), stageConfig.apiBaseUrl, method, path, body, {
    schema: options.schema,
    timeoutMs: options.timeoutMs,
    token: session?.token,
    onUnauthorised: () => removeStorage(STORAGE_KEYS.session),
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

// ---- ids ----

/** A scan id unique enough within one inspector's log: time plus 60 random bits. */
export function newScanId(): string {
  const random = () => Math.floor(Math.random() * 0x40000000).toString(36);
  return `${Date.now().toString(36)}-${random()}${random()}`;
}
