/**
 * The DingTalk side of the page harness: `createMiniApp` with `dd` as the platform global, plus fakes
 * for the `dd.*` calls the Alipay fakes do not cover. HTTP (`dd.httpRequest`), storage, navigation,
 * toasts and the virtual clock are the shared harness's own.
 *
 * Example:
 *   const app = createDingTalkApp({ appDir: 'mini-program/inspector' });
 *   app.scanner.next('LSHC1:…');           // what the camera will read on the next dd.scan
 *   const page = await app.launch();
 *   await page.call('onScan');
 *   expect(app.vibrations).toEqual(['short']);
 */
import { createMiniApp, type MiniApp, type MiniAppOptions } from './index';

export interface DingTalkControls {
  /** Codes the camera reads, one per `dd.scan`; when empty the scanner is closed without a code. */
  scanner: { next(code: string): void; readonly queued: number; readonly opened: number };
  /** `short` / `long` per `dd.vibrateShort` / `dd.vibrateLong`, in order. */
  vibrations: ('short' | 'long')[];
  /** The `src` of every sound played through `dd.createInnerAudioContext`, in order. */
  sounds: string[];
  /** Whether a page asked to keep the screen on. */
  screen: { keptOn: boolean };
  /** Fires the `dd.onNetworkStatusChange` listeners, as the client does when the network changes. */
  networkChanged(isConnected: boolean): Promise<void>;
  /** When set, `dd.scan` calls this with the code right before handing it to the page (timing). */
  onScanDelivered?: () => void;
}

export type DingTalkApp = MiniApp & DingTalkControls;

/** A fresh DingTalk mini-program in the harness; `options.fakes` still override any fake. */
export function createDingTalkApp(options: Omit<MiniAppOptions, 'platform'>): DingTalkApp {
  const codes: string[] = [];
  const listeners: ((status: { isConnected: boolean; networkType: string }) => void)[] = [];
  let opened = 0;
  const controls: DingTalkControls = {
    scanner: {
      next: (code) => void codes.push(code),
      get queued() {
        return codes.length;
      },
      get opened() {
        return opened;
      },
    },
    vibrations: [],
    sounds: [],
    screen: { keptOn: false },
    networkChanged: async (isConnected) => {
      for (const listener of listeners) listener({ isConnected, networkType: isConnected ? 'WIFI' : 'NONE' });
      await app.settle();
    },
  };
  const fakes: Record<string, (o: any) => unknown> = {
    scan: (o) => {
      opened++;
      const code = codes.shift();
      void Promise.resolve().then(() => {
        if (code === undefined) return o.fail?.({ error: 11, errorMessage: '用户取消' });
        app.onScanDelivered?.(); // read from the app, where a test sets it
        o.success?.({ code });
      });
    },
    vibrateShort: () => void controls.vibrations.push('short'),
    vibrateLong: () => void controls.vibrations.push('long'),
    createInnerAudioContext: () => {
      const audio = {
        src: '',
        play: () => void controls.sounds.push(audio.src),
        stop: () => undefined,
        destroy: () => undefined,
      };
      return audio;
    },
    setKeepScreenOn: (o) => {
      controls.screen.keptOn = o?.keepScreenOn === true;
    },
    onNetworkStatusChange: (listener) => void listeners.push(listener),
    ...options.fakes,
  };
  const app = createMiniApp({ ...options, platform: 'dd', fakes }) as DingTalkApp;
  return Object.assign(app, controls);
}
