import { autoContinues, CONTINUOUS_HOLD_MS } from '../scan/utils';
import { after, navigateBack, readStorage, STORAGE_KEYS, writeStorage } from '../../platform';
import type { Verdict } from '../../lib/verdict';
import { BLANK_RESULT, resultView, type ResultView } from './utils';

type ResultMethods = {
  onNext(): void;
};

Page<ResultView, { cancelAuto?: () => void; kind?: Verdict['kind'] }, ResultMethods>({
  data: BLANK_RESULT,
  onLoad() {
    const verdict = readStorage<Verdict>(STORAGE_KEYS.verdict);
    if (!verdict) return navigateBack();
    const auto = verdict.kind === 'code' && autoContinues(readStorage<boolean>(STORAGE_KEYS.continuous) === true, verdict.outcome);
    this.kind = verdict.kind;
    this.setData(resultView(verdict, auto));
    if (auto) this.cancelAuto = after(CONTINUOUS_HOLD_MS, () => this.onNext());
  },
  onUnload() {
    this.cancelAuto?.();
  },
  /** One tap to the next person: back to the scanner, which opens the camera at once. */
  onNext() {
    this.cancelAuto?.();
    if (this.kind === 'code') writeStorage(STORAGE_KEYS.scanOnShow, true);
    navigateBack();
  },
});
