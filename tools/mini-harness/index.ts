/**
 * A page harness for native mini-programs, in the manner of antd-mini's own page tests: each page's
 * `index.ts` is bundled with esbuild (the settings `npm run build:mini` uses) and run in `vm` with
 * fake `Page`, `App`, `getApp`, `getCurrentPages` and a fake `my` (or `dd`). Tests drive the
 * lifecycle and the handlers and read `data`.
 *
 * What is real and what is fake:
 * - `my.request` performs real HTTP against the local stack (`process.env.API_URL` from jest's
 *   global setup) and reports non-2xx answers as Alipay does: `fail` with error 19, status and body;
 * - `my.getAuthCode` yields sandbox codes (`sandbox-<subject>`); the app's stage config decides how
 *   they reach the sign-in route;
 * - time is a virtual phone clock: `Date` and the timers of the pages follow `app.clock`, so a test
 *   moves time with `await app.clock.advance(ms)` and never waits for real;
 * - storage, toasts, confirmations, the location, the phone envelope, the date picker and the screen
 *   brightness are in-memory fakes a test sets up and inspects.
 *
 * Example:
 *   const app = createMiniApp({ appDir: 'mini-program/resident', clockScope: 'my-test' });
 *   const home = await app.launch();
 *   await home.call('onPrimary');
 *   expect(app.current.route).toBe('pages/consent/index');
 */
import { join, resolve } from 'node:path';
import vm from 'node:vm';
import { bundleForVm, readAppJson, type MiniStage } from '../mini-build';

export interface MiniAppOptions {
  /** The mini-program folder, e.g. `mini-program/resident`. */
  appDir: string;
  /** API origin the bundles call (default `process.env.API_URL`). */
  apiUrl?: string;
  /** Sent as `x-dev-clock-scope` with every request, so the test's dev clock applies. */
  clockScope?: string;
  /** The name of the platform global: `my` (Alipay) or `dd` (DingTalk). */
  platform?: 'my' | 'dd';
  stage?: MiniStage;
  /** Where the phone clock starts (default: now). */
  startAt?: Date | string;
  /** Extra or replaced platform methods, e.g. `{ scan: (o) => o.success({ code }) }`. */
  fakes?: Record<string, (options: any) => unknown>;
}

type AnyFn = (...args: any[]) => any;
type PageOptions = Record<string, unknown> & { data?: Record<string, unknown> };
interface Instance extends Record<string, unknown> {
  data: Record<string, unknown>;
  route: string;
  setData(patch: Record<string, unknown>, callback?: () => void): void;
}

export interface RecordedRequest {
  method: string;
  path: string;
  status: number | 'network-error';
  body?: unknown;
  /** The headers the page sent (an Idempotency-Key kept across a retry shows here). */
  headers: Record<string, string>;
}

export interface Navigation {
  kind: 'navigateTo' | 'redirectTo' | 'reLaunch' | 'navigateBack' | 'switchTab';
  url: string;
}

const bundleCache = new Map<string, Promise<Map<string, string>>>();

/** The app's scripts (app.ts and every page), bundled once per app, stage and API origin. */
async function bundle(appDir: string, entry: string, stage: MiniStage, apiUrl: string): Promise<string> {
  const key = `${appDir}\u0000${stage}\u0000${apiUrl}`;
  if (!bundleCache.has(key)) bundleCache.set(key, bundleForVm(appDir, ['app', ...readAppJson(appDir).pages], stage, apiUrl));
  const script = (await bundleCache.get(key)!).get(entry);
  if (script === undefined) throw new Error(`${entry} was not bundled`);
  return script;
}

const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

/** Sets `a.b[0].c`-style paths, as setData does. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let node: any = target;
  for (const part of parts.slice(0, -1)) {
    if (node[part] === undefined || node[part] === null) node[part] = {};
    node = node[part];
  }
  node[parts[parts.length - 1]!] = value;
}

/** The phone's clock and timers, moved only by the test. */
export class VirtualClock {
  private timers = new Map<number, { at: number; fn: AnyFn; every?: number }>();
  private nextId = 1;

  constructor(
    public nowMs: number,
    private readonly settle: () => Promise<void>,
  ) {}

  now(): number {
    return this.nowMs;
  }

  schedule(fn: AnyFn, ms: number, repeat: boolean): number {
    const id = this.nextId++;
    const delay = Math.max(0, Number(ms) || 0);
    this.timers.set(id, { at: this.nowMs + delay, fn, ...(repeat ? { every: Math.max(1, delay) } : {}) });
    return id;
  }

  cancel(id: number): void {
    this.timers.delete(id);
  }

  /** Timers still pending (e.g. a ticker a page forgot to stop). */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves the clock forward, firing every timer that falls due in order, letting each settle. */
  async advance(ms: number): Promise<void> {
    const target = this.nowMs + ms;
    while (true) {
      let next: [number, { at: number; fn: AnyFn; every?: number }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= target && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      const [id, timer] = next;
      this.nowMs = Math.max(this.nowMs, timer.at);
      if (timer.every !== undefined) timer.at += timer.every;
      else this.timers.delete(id);
      timer.fn();
      await this.settle();
    }
    this.nowMs = target;
  }
}

export class PageHandle {
  constructor(
    private readonly app: MiniApp,
    readonly route: string,
    readonly instance: Instance,
    readonly query: Record<string, string>,
  ) {}

  /** A JSON copy of the page's data, as the view would receive it. */
  get data(): Record<string, any> {
    return clone(this.instance.data);
  }

  /** Calls a page method (a handler, or a component event with its arguments) and lets it settle. */
  async call(method: string, ...args: unknown[]): Promise<unknown> {
    const fn = this.instance[method];
    if (typeof fn !== 'function') throw new Error(`${this.route} has no method ${method}`);
    const result = await (fn as AnyFn).apply(this.instance, args);
    await this.app.settle();
    return result;
  }

  /** A tap on an element with `data-*` attributes, e.g. `tap('onShowCode', { id })`. */
  tap(method: string, dataset: Record<string, unknown> = {}): Promise<unknown> {
    return this.call(method, { type: 'tap', currentTarget: { dataset }, target: { dataset } });
  }

  /** The native picker's change event. */
  pick(method: string, index: number): Promise<unknown> {
    return this.call(method, { type: 'change', detail: { value: index } });
  }

  /** The pull-down gesture. */
  async pullDown(): Promise<void> {
    await this.app.runHook(this.instance, 'onPullDownRefresh', { from: 'manual' });
  }
}

export class MiniApp {
  readonly appDir: string;
  readonly apiUrl: string;
  readonly clock: VirtualClock;
  readonly storage = new Map<string, unknown>();
  readonly toasts: string[] = [];
  readonly navigations: Navigation[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly confirmations: string[] = [];
  /** Platform controls a test sets. */
  readonly controls = {
    offline: false,
    /** The sandbox subject of the next `getAuthCode`; a fresh one each time when unset. */
    authSubject: undefined as string | undefined,
    refuseAuth: false,
    /** Scopes the resident declines in the prompt (e.g. the optional `auth_user`); `auth_base` shows none. */
    declineScopes: [] as string[],
    /** The scopes of every `getAuthCode`, in order. */
    authScopes: [] as string[][],
    confirmAnswer: true,
    location: { districtAdcode: undefined as string | undefined, refuse: false },
    phone: { response: undefined as string | undefined, refuse: false },
    datePickerAnswer: undefined as string | undefined,
    brightness: 0.4,
    stoppedPullDowns: 0,
    /** The title bar colours pages set (my.setNavigationBar), in order. */
    titleBarColors: [] as string[],
  };
  private stack: PageHandle[] = [];
  private pageOptions = new Map<string, PageOptions>();
  private inflight = new Set<Promise<unknown>>();
  private navQueue: Navigation[] = [];
  private context: vm.Context;
  private appInstance: Record<string, unknown> = {};
  private authCount = 0;
  private pagesList: string[];

  constructor(private readonly options: MiniAppOptions) {
    this.appDir = resolve(options.appDir);
    const apiUrl = options.apiUrl ?? process.env.API_URL;
    if (!apiUrl) throw new Error('API_URL is not set: run through `npm test`, whose global setup starts the local stack');
    this.apiUrl = apiUrl;
    this.pagesList = readAppJson(this.appDir).pages;
    const start = options.startAt === undefined ? Date.now() : new Date(options.startAt).getTime();
    this.clock = new VirtualClock(start, () => this.settle());
    this.context = this.createContext();
  }

  /** The page on top of the stack. */
  get current(): PageHandle {
    const top = this.stack[this.stack.length - 1];
    if (!top) throw new Error('no page is open');
    return top;
  }

  /** Routes of the page stack, bottom first. */
  get routes(): string[] {
    return this.stack.map((p) => p.route);
  }

  /** Runs app.ts and opens the first page of app.json. */
  async launch(query: Record<string, string> = {}): Promise<PageHandle> {
    await this.run('app');
    await this.runHook(this.appInstance, 'onLaunch', { query, path: this.pagesList[0] });
    await this.runHook(this.appInstance, 'onShow', { query });
    return this.open(this.pagesList[0]!, query);
  }

  /** Closes every page and opens `route` (like my.reLaunch). */
  async open(route: string, query: Record<string, string> = {}): Promise<PageHandle> {
    this.navQueue.push({ kind: 'reLaunch', url: `/${route}${toQuery(query)}` });
    await this.settle();
    return this.current;
  }

  /** The back button (my.navigateBack). */
  async back(): Promise<PageHandle> {
    this.navQueue.push({ kind: 'navigateBack', url: '' });
    await this.settle();
    return this.current;
  }

  /** Requests made so far to a path (without its query), optionally of one method. */
  requestsTo(path: string, method?: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.split('?')[0] === path && (!method || r.method === method));
  }

  /** Waits until no request is in flight and no navigation is pending. */
  async settle(): Promise<void> {
    for (let round = 0; round < 200; round++) {
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      if (this.inflight.size > 0) {
        await Promise.allSettled([...this.inflight]);
        continue;
      }
      const nav = this.navQueue.shift();
      if (nav) {
        await this.navigate(nav);
        continue;
      }
      return;
    }
    throw new Error('the mini-program did not settle (a loop of requests or navigations?)');
  }

  async runHook(target: Record<string, unknown>, name: string, ...args: unknown[]): Promise<void> {
    const fn = target[name];
    if (typeof fn === 'function') await (fn as AnyFn).apply(target, args);
    await this.settle();
  }

  /** Leaves every page (onUnload), as when the user closes the mini-program. */
  async close(): Promise<void> {
    while (this.stack.length > 0) await this.runHook(this.stack.pop()!.instance, 'onUnload');
  }

  // ---- internals ----

  private async run(entry: string): Promise<void> {
    const code = await bundle(this.appDir, entry, this.options.stage ?? 'local', this.apiUrl);
    new vm.Script(code, { filename: join(this.appDir, `${entry}.js`) }).runInContext(this.context);
  }

  private async loadPage(route: string): Promise<PageOptions> {
    if (!this.pagesList.includes(route)) throw new Error(`${route} is not a page in app.json`);
    if (!this.pageOptions.has(route)) {
      this.loading = route;
      await this.run(route);
      if (!this.pageOptions.has(route)) throw new Error(`${route}: index.ts never called Page()`);
    }
    return this.pageOptions.get(route)!;
  }

  private loading: string | undefined;

  private async instantiate(route: string, query: Record<string, string>): Promise<PageHandle> {
    const options = await this.loadPage(route);
    const instance = { ...options, data: clone(options.data ?? {}), route } as Instance;
    instance.setData = (patch: Record<string, unknown>, callback?: () => void) => {
      for (const [path, value] of Object.entries(patch)) setPath(instance.data, path, clone(value));
      callback?.call(instance);
    };
    const handle = new PageHandle(this, route, instance, query);
    this.stack.push(handle);
    await this.runHook(instance, 'onLoad', query);
    await this.runHook(instance, 'onShow');
    await this.runHook(instance, 'onReady');
    return handle;
  }

  private async navigate(nav: Navigation): Promise<void> {
    this.navigations.push(nav);
    const [path, search] = nav.url.split('?');
    const route = (path ?? '').replace(/^\//, '');
    const query = Object.fromEntries(new URLSearchParams(search ?? ''));
    switch (nav.kind) {
      case 'navigateTo':
        if (this.stack.length > 0) await this.runHook(this.current.instance, 'onHide');
        await this.instantiate(route, query);
        break;
      case 'redirectTo':
        if (this.stack.length > 0) await this.runHook(this.stack.pop()!.instance, 'onUnload');
        await this.instantiate(route, query);
        break;
      case 'reLaunch':
      case 'switchTab':
        await this.close();
        await this.instantiate(route, query);
        break;
      case 'navigateBack':
        if (this.stack.length > 1) {
          await this.runHook(this.stack.pop()!.instance, 'onUnload');
          await this.runHook(this.current.instance, 'onShow');
        }
        break;
    }
  }

  private request(o: any): void {
    const method = String(o.method ?? 'GET').toUpperCase();
    const url = new URL(String(o.url));
    if (method === 'GET' && o.data && typeof o.data === 'object') {
      for (const [k, v] of Object.entries(o.data)) url.searchParams.set(k, String(v));
    }
    const headers: Record<string, string> = { ...(o.headers ?? o.header ?? {}) };
    if (this.options.clockScope) headers['x-dev-clock-scope'] = this.options.clockScope;
    const body = method === 'GET' || o.data === undefined ? undefined : typeof o.data === 'string' ? o.data : JSON.stringify(o.data);
    const path = url.pathname + url.search;
    const work = (async () => {
      if (this.controls.offline) {
        this.requests.push({ method, path, status: 'network-error', headers });
        o.fail?.({ error: 12, errorMessage: '网络出错' });
        o.complete?.();
        return;
      }
      let res: Response;
      try {
        res = await fetch(url, { method, headers, body });
      } catch {
        this.requests.push({ method, path, status: 'network-error', headers });
        o.fail?.({ error: 12, errorMessage: '网络出错' });
        return;
      }
      const text = await res.text();
      const responseHeaders = Object.fromEntries(res.headers.entries());
      let data: unknown = text;
      if ((o.dataType ?? 'json') === 'json' && text) {
        try {
          data = JSON.parse(text);
        } catch {
          data = text;
        }
      }
      this.requests.push({ method, path, status: res.status, body: body === undefined ? undefined : JSON.parse(body), headers });
      if (res.status >= 200 && res.status < 300) {
        o.success?.({ data, status: res.status, statusCode: res.status, headers: responseHeaders, header: responseHeaders });
      } else {
        o.fail?.({ error: 19, errorMessage: 'http status error', status: res.status, data, headers: responseHeaders });
      }
      o.complete?.();
    })();
    this.inflight.add(work);
    void work.finally(() => this.inflight.delete(work));
  }

  private platformApi(): Record<string, AnyFn> {
    const c = this.controls;
    const later = (fn: () => void) => {
      const p = Promise.resolve().then(fn);
      this.inflight.add(p);
      void p.finally(() => this.inflight.delete(p));
    };
    const nav = (kind: Navigation['kind']) => (o: { url?: string; delta?: number }) => {
      this.navQueue.push({ kind, url: o.url ?? '' });
    };
    const api: Record<string, AnyFn> = {
      request: (o) => this.request(o),
      httpRequest: (o) => this.request(o),
      getAuthCode: (o) =>
        later(() => {
          const scopes: string[] = Array.isArray(o.scopes) ? o.scopes : [o.scopes ?? 'auth_base'];
          c.authScopes.push(scopes);
          if (c.refuseAuth || scopes.some((scope) => c.declineScopes.includes(scope))) o.fail?.({ error: 11, errorMessage: '用户取消授权' });
          else o.success?.({ authCode: `sandbox-${c.authSubject ?? `user-${Date.now().toString(36)}-${++this.authCount}`}`, authSuccessScopes: scopes, authErrorScopes: {} });
        }),
      getPhoneNumber: (o) =>
        later(() => (c.phone.refuse || !c.phone.response ? o.fail?.({ error: 11 }) : o.success?.({ response: c.phone.response }))),
      getLocation: (o) =>
        later(() => (c.location.refuse ? o.fail?.({ error: 11, errorMessage: '请确认定位相关权限已开启' }) : o.success?.({ districtAdcode: c.location.districtAdcode, longitude: '119.9', latitude: '28.4' }))),
      datePicker: (o) => later(() => (c.datePickerAnswer ? o.success?.({ date: c.datePickerAnswer }) : o.fail?.({ error: 11 }))),
      getScreenBrightness: (o) => later(() => o.success?.({ success: true, brightness: c.brightness })),
      setScreenBrightness: (o) =>
        later(() => {
          c.brightness = o.brightness;
          o.success?.({ success: true });
        }),
      showToast: (o) => {
        this.toasts.push(String(o?.content ?? ''));
      },
      showLoading: () => undefined,
      hideLoading: () => undefined,
      alert: (o) => later(() => o.success?.()),
      confirm: (o) =>
        later(() => {
          this.confirmations.push(String(o.content ?? o.title ?? ''));
          o.success?.({ confirm: c.confirmAnswer });
        }),
      getStorageSync: (o) => ({ data: clone(this.storage.get(o.key)) ?? null }),
      setStorageSync: (o) => {
        this.storage.set(o.key, clone(o.data));
      },
      removeStorageSync: (o) => {
        this.storage.delete(o.key);
      },
      clearStorageSync: () => this.storage.clear(),
      navigateTo: nav('navigateTo'),
      redirectTo: nav('redirectTo'),
      reLaunch: nav('reLaunch'),
      switchTab: nav('switchTab'),
      navigateBack: () => this.navQueue.push({ kind: 'navigateBack', url: '' }),
      setNavigationBar: (o) => {
        if (o?.backgroundColor) c.titleBarColors.push(String(o.backgroundColor));
        later(() => o?.success?.());
      },
      stopPullDownRefresh: () => {
        c.stoppedPullDowns++;
      },
      canIUse: () => true,
      getSystemInfoSync: () => ({ platform: 'harness', SDKVersion: '2.9.0' }),
      ...this.options.fakes,
    };
    return api;
  }

  private createContext(): vm.Context {
    const clock = this.clock;
    const HostDate = Date;
    class PhoneDate extends HostDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(clock.now());
        else super(...(args as [number]));
      }
      static override now(): number {
        return clock.now();
      }
    }
    const api = this.platformApi();
    const platform = new Proxy(api, {
      get: (target, key) => {
        if (typeof key === 'string' && !(key in target)) throw new Error(`the harness has no fake for ${this.options.platform ?? 'my'}.${key}`);
        return target[key as string];
      },
    });
    return vm.createContext({
      [this.options.platform ?? 'my']: platform,
      console,
      Date: PhoneDate,
      setTimeout: (fn: AnyFn, ms?: number) => clock.schedule(fn, ms ?? 0, false),
      clearTimeout: (id: number) => clock.cancel(id),
      setInterval: (fn: AnyFn, ms?: number) => clock.schedule(fn, ms ?? 0, true),
      clearInterval: (id: number) => clock.cancel(id),
      encodeURIComponent,
      App: (options: Record<string, unknown>) => {
        this.appInstance = { ...options };
      },
      getApp: () => this.appInstance,
      Page: (options: PageOptions) => {
        if (this.loading) this.pageOptions.set(this.loading, options);
      },
      Component: () => undefined,
      getCurrentPages: () => this.stack.map((p) => p.instance),
    });
  }
}

function toQuery(query: Record<string, string>): string {
  const search = new URLSearchParams(query).toString();
  return search ? `?${search}` : '';
}

/** A fresh app: empty storage, a phone clock at `startAt`, nothing open until `launch()`. */
export function createMiniApp(options: MiniAppOptions): MiniApp {
  return new MiniApp(options);
}
