import { checkCode } from '../../lib/check';
import { queuedScans, syncNow } from '../../lib/sync';
import { feedbackPattern, VERDICT_SOUNDS } from '../../lib/verdict';
import {
  currentSession,
  every,
  keepScreenOn,
  navigateTo,
  onNetworkBack,
  readStorage,
  reLaunch,
  removeStorage,
  scanQr,
  STORAGE_KEYS,
  playSound,
  vibrate,
  writeStorage,
  type Checkpoint,
} from '../../platform';
import { NO_KEYS_TEXT, queuedLine, statusView, SYNC_INTERVAL_MS, type StatusView } from './utils';

interface ScanData extends StatusView {
  inspectorName: string;
  checkpointName: string;
  continuous: boolean;
  busy: boolean;
  message: string;
  noKeysText: typeof NO_KEYS_TEXT;
}

type ScanMethods = {
  onScan(): Promise<void>;
  onToggleContinuous(): void;
  onManual(): void;
  onDependent(): void;
  onRecent(): void;
  onSwitchCheckpoint(): void;
  sync(): Promise<void>;
};

const SIGN_IN_PAGE = '/pages/signin/index';

Page<ScanData, { stopSync?: () => void }, ScanMethods>({
  data: { inspectorName: '', checkpointName: '', continuous: false, busy: false, message: '', networkText: '', offline: false, noKeys: false, queuedText: '', skewWarning: '', noKeysText: NO_KEYS_TEXT },
  onLoad() {
    const session = currentSession();
    const checkpoint = readStorage<Checkpoint>(STORAGE_KEYS.checkpoint);
    if (!session || !checkpoint) return reLaunch(SIGN_IN_PAGE);
    keepScreenOn();
    this.setData({ inspectorName: session.inspectorName, checkpointName: checkpoint.name, continuous: readStorage<boolean>(STORAGE_KEYS.continuous) === true });
    void this.sync();
    this.stopSync = every(SYNC_INTERVAL_MS, () => void this.sync());
    onNetworkBack(() => void this.sync());
  },
  onShow() {
    if (readStorage<boolean>(STORAGE_KEYS.scanOnShow)) {
      removeStorage(STORAGE_KEYS.scanOnShow);
      void this.onScan();
    }
  },
  onUnload() {
    this.stopSync?.();
  },
  async sync() {
    this.setData(statusView(await syncNow()));
  },
  async onScan() {
    const checkpoint = readStorage<Checkpoint>(STORAGE_KEYS.checkpoint);
    if (this.data.busy || !checkpoint) return;
    this.setData({ busy: true, message: '' });
    const scanned = await scanQr();
    if (!scanned.ok) return this.setData({ busy: false });
    const result = await checkCode(scanned.code, checkpoint.id);
    this.setData({ busy: false, queuedText: queuedLine(queuedScans().length) });
    if (result.kind === 'signed-out') return reLaunch(SIGN_IN_PAGE);
    if (result.kind === 'refused') return this.setData({ message: result.message });
    // Nothing could be verified: the page says so in place, no verdict screen, no sound of a pass.
    if (result.kind === 'no-keys') return this.setData({ noKeys: true, offline: true, networkText: '网络不通' });
    writeStorage(STORAGE_KEYS.verdict, result.verdict);
    vibrate(feedbackPattern(result.verdict.outcome));
    playSound(VERDICT_SOUNDS[result.verdict.outcome]);
    navigateTo('/pages/result/index');
  },
  onToggleContinuous() {
    writeStorage(STORAGE_KEYS.continuous, !this.data.continuous);
    this.setData({ continuous: !this.data.continuous });
  },
  onManual() {
    navigateTo('/pages/manual/index');
  },
  onDependent() {
    navigateTo('/pages/dependent/index');
  },
  onRecent() {
    navigateTo('/pages/recent/index');
  },
  onSwitchCheckpoint() {
    navigateTo(`${SIGN_IN_PAGE}?pick=1`);
  },
});
