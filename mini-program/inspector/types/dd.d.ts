/**
 * The DingTalk mini-program API calls this app uses (no typings package exists for `dd`). Same shapes
 * as Alipay's `my.*` where DingTalk mirrors them; only what `../platform.ts` calls is declared.
 */
declare namespace DingTalk {
  interface Callbacks<T> {
    success?: (result: T) => void;
    fail?: (error: Failure) => void;
    complete?: () => void;
  }

  /** `error` 19 is an HTTP status outside 2xx (with `status` and `data`); 12/13 network and timeout. */
  interface Failure {
    error?: number;
    errorMessage?: string;
    status?: number;
    data?: unknown;
    headers?: Record<string, string>;
  }

  interface HttpResponse {
    status: number;
    data: unknown;
    headers?: Record<string, string>;
  }

  interface HttpRequestOptions extends Callbacks<HttpResponse> {
    url: string;
    method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
    headers?: Record<string, string>;
    data?: string;
    /** 'text' hands the body back unparsed. */
    dataType?: 'json' | 'text';
    /** Milliseconds. */
    timeout?: number;
  }

  interface NetworkStatus {
    isConnected: boolean;
    networkType: string;
  }

  interface Dd {
    getAuthCode(options: { corpId: string } & Callbacks<{ authCode: string }>): void;
    scan(options: { type: 'qr' | 'bar'; hideAlbum?: boolean } & Callbacks<{ code: string }>): void;
    httpRequest(options: HttpRequestOptions): void;

    getStorageSync(options: { key: string }): { data?: unknown } | undefined;
    setStorageSync(options: { key: string; data: unknown }): void;
    removeStorageSync(options: { key: string }): void;

    vibrateShort(options?: Callbacks<void>): void;
    vibrateLong(options?: Callbacks<void>): void;
    /** DingTalk's audio player (dd.createInnerAudioContext): a sound per verdict. */
    createInnerAudioContext(): { src: string; autoplay?: boolean; play(): void; stop(): void; destroy(): void };
    setKeepScreenOn(options: { keepScreenOn: boolean } & Callbacks<void>): void;
    onNetworkStatusChange(listener: (status: NetworkStatus) => void): void;

    showToast(options: { content: string; type?: 'none' | 'success' | 'fail' | 'exception'; duration?: number }): void;
    navigateTo(options: { url: string }): void;
    redirectTo(options: { url: string }): void;
    navigateBack(options?: { delta?: number }): void;
    reLaunch(options: { url: string }): void;
  }
}

declare const dd: DingTalk.Dd;
