import { codeResponse } from '../../../../shared/api';
import { PROBLEM_TYPES } from '../../../../shared/api/problem-types';
import { PAGES } from '../../lib/flow';
import { failureMessage } from '../../lib/problem';
import { SELF, subjectBanner, subjectFromQuery, subjectLabel, subjectPath, subjectQuery, type Subject } from '../../lib/subject';
import {
  every,
  hostFontSize,
  navigateTo,
  raiseBrightness,
  readStorage,
  redirectTo,
  request,
  restoreBrightness,
  setTitleBarColor,
  STORAGE_KEYS,
  stopPullDownRefresh,
  writeStorage,
} from '../../platform';
import { displayView } from '../../lib/display';
import { codeView, shouldRefresh, stillValid, TICK_MS, titleBarColor, type CodeInputs, type CodeSnapshot } from './utils';

type CodeData = ReturnType<typeof codeView> & ReturnType<typeof displayView> & { enlarged: boolean; subjectLabel: string; subjectBanner: string; forDependent: boolean };

type CodeHandlers = {
  onToggleEnlarge(): void;
  onRefresh(): Promise<void>;
  onOpenDeclaration(): void;
  onOpenAuthorise(): void;
  onOpenStatus(): void;
  onOpenCheckin(): void;
  onOpenHistory(): void;
  onOpenFamily(): void;
  onOpenHome(): void;
  onShowOwnCode(): void;
  showSubject(subject: Subject): void;
  refresh(): Promise<void>;
  tick(): void;
  render(): void;
  stop(): void;
  openFor(page: string): void;
};

type CodeExtra = {
  subject: Subject;
  inputs: CodeInputs;
  inFlight: boolean;
  lastFailureAt?: number;
  stopTicker?: () => void;
  previousBrightness?: number;
  /** Set while a page for the same person (their declaration, status…) is on top of this one. */
  keepSubject?: boolean;
  shown?: boolean;
  /** The title bar colour last set, so the ticker sets it only when the code's colour changes. */
  titleBar?: string;
};

Page<CodeData, CodeExtra, CodeHandlers>({
  data: { ...codeView({ nowMs: 0 }), ...displayView(undefined, undefined), enlarged: false, subjectLabel: '本人', subjectBanner: '', forDependent: false },
  onLoad(query: Record<string, string> | undefined) {
    this.subject = subjectFromQuery(query);
  },
  onShow() {
    // Back from anywhere but a page for the same dependent (or from the background): the holder's own code.
    if (this.shown && !this.keepSubject) this.subject = SELF;
    this.shown = true;
    this.keepSubject = false;
    this.setData(displayView(readStorage(STORAGE_KEYS.display), hostFontSize()));
    this.showSubject(this.subject);
    this.stopTicker = every(TICK_MS, () => this.tick());
    void raiseBrightness().then((previous) => {
      this.previousBrightness = previous;
    });
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
  /** Shows whose code this is at once (a cached valid code of the holder included), then fetches a fresh one. */
  showSubject(subject: Subject) {
    this.subject = subject;
    this.inFlight = false;
    this.lastFailureAt = undefined;
    const cached = subject.kind === 'self' ? readStorage<CodeSnapshot>(STORAGE_KEYS.lastCode) : undefined;
    this.inputs = { nowMs: Date.now(), ...(stillValid(cached, Date.now()) ? { snapshot: cached } : {}) };
    this.setData({ subjectLabel: subjectLabel(subject), subjectBanner: subjectBanner(subject), forDependent: subject.kind === 'dependent', enlarged: false });
    this.render();
    void this.refresh();
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
    const view = codeView({ ...this.inputs, nowMs: Date.now() });
    this.setData(view);
    const bar = titleBarColor(view.showQr ? view.color : '');
    if (bar !== this.titleBar) {
      this.titleBar = bar;
      setTitleBarColor(bar);
    }
  },
  async refresh() {
    if (this.inFlight) return;
    this.inFlight = true;
    const subject = this.subject;
    const result = await request('GET', subjectPath(subject, 'code'), undefined, { schema: codeResponse });
    this.inFlight = false;
    // The person changed while the request was out: its answer is someone else's code.
    if (subject !== this.subject) return;
    const keep = { snapshot: this.inputs.snapshot };
    if (result.ok) {
      this.lastFailureAt = undefined;
      const snapshot = { ...result.data, receivedAt: Date.now() };
      this.inputs = { nowMs: Date.now(), snapshot };
      if (subject.kind === 'self') writeStorage(STORAGE_KEYS.lastCode, snapshot);
    } else if (result.kind === 'problem' && result.problem.type === PROBLEM_TYPES.notDeclared) {
      this.inputs = { nowMs: Date.now(), blocked: 'undeclared' };
    } else if (result.kind === 'problem' && result.problem.type === PROBLEM_TYPES.notRegistered) {
      this.inputs = { nowMs: Date.now(), blocked: 'unregistered' };
    } else if (result.kind === 'problem' && result.status === 401) {
      // Silent sign-in failed too: a valid code stays until it expires, with the way to sign in again.
      this.lastFailureAt = Date.now();
      this.inputs = { ...keep, nowMs: Date.now(), failure: '登录已过期', signedOut: true };
    } else if (result.kind === 'problem' && result.status === 404 && subject.kind === 'dependent') {
      this.subject = SELF;
      this.setData({ subjectLabel: subjectLabel(SELF), subjectBanner: '', forDependent: false });
      this.inputs = { nowMs: Date.now(), failure: '该家人已不在您的账号下，已切换回本人' };
      this.lastFailureAt = Date.now();
    } else {
      this.lastFailureAt = Date.now();
      this.inputs = { ...keep, nowMs: Date.now(), failure: failureMessage(result) };
    }
    this.render();
  },
  async onRefresh() {
    this.lastFailureAt = undefined;
    await this.refresh();
  },
  onToggleEnlarge() {
    this.setData({ enlarged: !this.data.enlarged });
  },
  openFor(page: string) {
    this.keepSubject = true;
    navigateTo(page + subjectQuery(this.subject));
  },
  onOpenDeclaration() {
    this.openFor(PAGES.declaration);
  },
  onOpenAuthorise() {
    redirectTo(PAGES.authorise);
  },
  onOpenStatus() {
    this.openFor(PAGES.status);
  },
  onOpenCheckin() {
    this.openFor(PAGES.checkin);
  },
  onOpenHistory() {
    this.openFor(PAGES.history);
  },
  onOpenFamily() {
    navigateTo(PAGES.family);
  },
  onOpenHome() {
    navigateTo(`${PAGES.home}?stay=1`);
  },
  onShowOwnCode() {
    this.showSubject(SELF);
  },
});
