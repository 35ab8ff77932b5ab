import { codeResponse } from '../../../../shared/api';
import { PAGES } from '../../lib/flow';
import { failureMessage } from '../../lib/problem';
import { asSubject, SELF, subjectLabel, subjectPath } from '../../lib/subject';
import {
  every,
  navigateTo,
  raiseBrightness,
  readStorage,
  redirectTo,
  request,
  restoreBrightness,
  stopPullDownRefresh,
  STORAGE_KEYS,
  writeStorage,
} from '../../platform';
import { codeView, shouldRefresh, TICK_MS, type CodeInputs } from './utils';

type CodeData = ReturnType<typeof codeView> & { enlarged: boolean; subjectLabel: string; forDependent: boolean };

type CodeHandlers = {
  onToggleEnlarge(): void;
  onOpenDeclaration(): void;
  onOpenAuthorise(): void;
  onOpenStatus(): void;
  onOpenCheckin(): void;
  onOpenFamily(): void;
  onShowOwnCode(): void;
  refresh(): Promise<void>;
  tick(): void;
  render(): void;
  stop(): void;
};

type CodeExtra = {
  inputs: CodeInputs;
  inFlight: boolean;
  lastFailureAt?: number;
  stopTicker?: () => void;
  previousBrightness?: number;
};

Page<CodeData, CodeExtra, CodeHandlers>({
  data: { ...codeView({ nowMs: 0 }), enlarged: false, subjectLabel: '本人', forDependent: false },
  onShow() {
    const subject = asSubject(readStorage(STORAGE_KEYS.subject));
    this.inputs = { nowMs: Date.now() };
    this.inFlight = false;
    this.lastFailureAt = undefined;
    this.setData({ subjectLabel: subjectLabel(subject), forDependent: subject.kind === 'dependent' });
    this.render();
    this.stopTicker = every(TICK_MS, () => this.tick());
    void raiseBrightness().then((previous) => {
      this.previousBrightness = previous;
    });
    void this.refresh();
  },
  onHide() {
    this.stop();
  },
  onUnload() {
    this.stop();
  },
  async onPullDownRefresh() {
    this.lastFailureAt = undefined;
    await this.refresh();
    stopPullDownRefresh();
  },
  stop() {
    this.stopTicker?.();
    this.stopTicker = undefined;
    restoreBrightness(this.previousBrightness);
    this.previousBrightness = undefined;
  },
  tick() {
    this.inputs = { ...this.inputs, nowMs: Date.now() };
    this.render();
    if (!this.inputs.blocked && shouldRefresh(this.inputs.snapshot, this.inputs.nowMs, this.lastFailureAt, this.inFlight)) void this.refresh();
  },
  render() {
    this.setData(codeView({ ...this.inputs, nowMs: Date.now() }));
  },
  async refresh() {
    if (this.inFlight) return;
    this.inFlight = true;
    const subject = asSubject(readStorage(STORAGE_KEYS.subject));
    const result = await request('GET', subjectPath(subject, 'code'), undefined, { schema: codeResponse });
    this.inFlight = false;
    if (result.ok) {
      this.lastFailureAt = undefined;
      this.inputs = { nowMs: Date.now(), snapshot: { ...result.data, receivedAt: Date.now() } };
    } else if (result.kind === 'problem' && result.status === 409) {
      this.inputs = { nowMs: Date.now(), blocked: 'undeclared' };
    } else if (result.kind === 'problem' && result.status === 401) {
      this.inputs = { nowMs: Date.now(), blocked: 'signed-out' };
    } else if (result.kind === 'problem' && result.status === 404 && subject.kind === 'dependent') {
      writeStorage(STORAGE_KEYS.subject, SELF);
      this.inputs = { nowMs: Date.now(), failure: '该家庭成员已不在您的账号下，已切换回本人' };
      this.lastFailureAt = Date.now();
    } else {
      this.lastFailureAt = Date.now();
      this.inputs = { ...this.inputs, nowMs: Date.now(), failure: failureMessage(result), blocked: undefined };
    }
    this.render();
  },
  onToggleEnlarge() {
    this.setData({ enlarged: !this.data.enlarged });
  },
  onOpenDeclaration() {
    navigateTo(PAGES.declaration);
  },
  onOpenAuthorise() {
    redirectTo(PAGES.authorise);
  },
  onOpenStatus() {
    navigateTo(PAGES.status);
  },
  onOpenCheckin() {
    navigateTo(PAGES.checkin);
  },
  onOpenFamily() {
    navigateTo(PAGES.family);
  },
  onShowOwnCode() {
    writeStorage(STORAGE_KEYS.subject, SELF);
    this.setData({ subjectLabel: subjectLabel(SELF), forDependent: false });
    this.inputs = { nowMs: Date.now() };
    this.render();
    void this.refresh();
  },
});
