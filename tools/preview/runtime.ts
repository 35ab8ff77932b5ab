/**
 * The script side of components and sjs modules, for a static render:
 * - an sjs module (`<import-sjs from=… name=…>`) is bundled with esbuild and run in `vm`; its default
 *   export is what the template calls;
 * - a component's script (antd-mini's `index.js`, or a project component's `index.ts`) is bundled and
 *   run once with a `Component()` that keeps its options; each use on a page then gets an instance with
 *   the default props merged with the attributes, its mixins' and its own data and methods, and the
 *   lifecycle a first render sees (onInit, deriveDataFromProps, didMount). Timers never fire: a preview
 *   is one frame.
 */
import { buildSync } from 'esbuild';
import { existsSync } from 'node:fs';
import vm from 'node:vm';

type AnyFn = (...args: any[]) => any;

export interface ComponentOptions {
  props?: Record<string, unknown>;
  data?: Record<string, unknown>;
  methods?: Record<string, AnyFn>;
  mixins?: ComponentOptions[];
  onInit?: AnyFn;
  deriveDataFromProps?: AnyFn;
  didMount?: AnyFn;
  [key: string]: unknown;
}

export interface ComponentInstance {
  props: Record<string, unknown>;
  data: Record<string, unknown>;
  [key: string]: unknown;
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

/** A `my` for component scripts: what they read at load and first render, inert for the rest. */
function inertPlatform(): unknown {
  const known: Record<string, unknown> = {
    SDKVersion: '2.9.0',
    canIUse: () => true,
    getSystemInfoSync: () => ({ platform: 'iOS', windowWidth: 375, windowHeight: 667, screenWidth: 375, pixelRatio: 2, SDKVersion: '2.9.0', language: 'zh-Hans' }),
    getStorageSync: () => ({ data: null }),
  };
  return new Proxy(known, { get: (target, key) => (typeof key === 'string' && key in target ? target[key] : () => undefined) });
}

function bundle(file: string, globalName?: string): string {
  const out = buildSync({
    entryPoints: [file],
    bundle: true,
    format: 'iife',
    ...(globalName ? { globalName } : {}),
    platform: 'browser',
    target: 'es2017',
    loader: { '.sjs': 'js' },
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

function context(extra: Record<string, unknown>): vm.Context {
  return vm.createContext({
    my: inertPlatform(),
    console,
    setTimeout: () => 0,
    clearTimeout: () => undefined,
    setInterval: () => 0,
    clearInterval: () => undefined,
    getApp: () => ({}),
    getCurrentPages: () => [],
    ...extra,
  });
}

const sjsCache = new Map<string, unknown>();

/** The default export of an sjs module. */
export function loadSjs(file: string): unknown {
  if (!sjsCache.has(file)) {
    if (!existsSync(file)) throw new Error(`import-sjs: ${file} does not exist`);
    const ctx = context({});
    vm.runInContext(bundle(file, '__sjs'), ctx, { filename: file });
    const mod = (ctx as { __sjs?: { default?: unknown } }).__sjs;
    sjsCache.set(file, mod?.default ?? mod);
  }
  return sjsCache.get(file);
}

const componentCache = new Map<string, ComponentOptions>();

/** The options a component script passes to `Component()`; `base` is the path without extension. */
export function loadComponent(base: string): ComponentOptions {
  if (!componentCache.has(base)) {
    const file = [`${base}.ts`, `${base}.js`].find((f) => existsSync(f));
    if (!file) throw new Error(`component script ${base}.ts/.js does not exist`);
    let options: ComponentOptions | undefined;
    const ctx = context({
      Component: (o: ComponentOptions) => {
        options = o;
      },
    });
    vm.runInContext(bundle(file), ctx, { filename: file });
    if (!options) throw new Error(`${file} never called Component({...})`);
    componentCache.set(base, options);
  }
  return componentCache.get(base)!;
}

function flatten(options: ComponentOptions): ComponentOptions[] {
  return [...(options.mixins ?? []).flatMap(flatten), options];
}

let nextId = 1;

/** One use of a component with the given props, after the lifecycle of its first render. */
export function instantiate(options: ComponentOptions, props: Record<string, unknown>): ComponentInstance {
  const layers = flatten(options);
  const data: Record<string, unknown> = {};
  for (const layer of layers) Object.assign(data, clone(layer.data ?? {}));
  const instance: ComponentInstance = {
    props: { ...(options.props ?? {}), ...props },
    data,
    $id: nextId++,
    $page: {},
    setData(patch: Record<string, unknown>, callback?: () => void) {
      for (const [path, value] of Object.entries(patch)) setPath(instance.data, path, clone(value));
      callback?.call(instance);
    },
  };
  for (const layer of layers) Object.assign(instance, layer.methods ?? {});
  for (const hook of ['onInit', 'deriveDataFromProps', 'didMount'] as const) {
    for (const layer of layers) (layer[hook] as AnyFn | undefined)?.call(instance, instance.props);
  }
  return instance;
}
