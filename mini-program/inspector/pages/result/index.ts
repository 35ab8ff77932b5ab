import { autoContinues, CONTINUOUS_HOLD_MS } from '../scan/utils';
import { after, navigateBack, readStorage, STORAGE_KEYS, writeStorage } from '../../platform';
import { mayDismiss, type Verdict } from '../../lib/verdict';
import { BLANK_RESULT, resultView, type ResultView } from './utils';

type ResultMethods = {
  onNext(): void;
  onScreenTap(): void;
  leave(): void;
};

Page<ResultView, { cancelAuto?: () => void; kind?: Verdict['kind']; outcome?: Verdict['outcome']; shownAt: number }, ResultMethods>({
  data: BLANK_RESULT,
  onLoad() {
    const verdict = readStorage<Verdict>(STORAGE_KEYS.verdict);
    if (!verdict) return navigateBack();
    const auto = verdict.kind === 'code' && autoContinues(readStorage<boolean>(STORAGE_KEYS.continuous) === true, verdict.outcome);
    this.kind = verdict.kind;
    this.outcome = verdict.outcome;
    this.shownAt = Date.now();
    this.setData(resultView(verdict, auto));
    if (auto) this.cancelAuto = after(CONTINUOUS_HOLD_MS, () => this.leave());
  },
  onUnload() {
    this.cancelAuto?.();
  },
  /** A touch anywhere on the screen: leaves a pass only; a stop or invalid waits for its button. */
  onScreenTap() {
    if (this.outcome && mayDismiss(this.outcome, 'screen', Date.now() - this.shownAt)) this.leave();
  },
  /** The big bottom button: one tap to the next person, but never in the first 800 ms of a stop. */
  onNext() {
    if (this.outcome && mayDismiss(this.outcome, 'button', Date.now() - this.shownAt)) this.leave();
  },
  /** Back to the scanner, which opens the camera at once. */
  leave() {
    this.cancelAuto?.();
    if (this.kind === 'code') writeStorage(STORAGE_KEYS.scanOnShow, true);
    navigateBack();
  },
});
