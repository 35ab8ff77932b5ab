/** The result screen's content. Pure: no `dd`, no `this`. */
import { verdictView, type Verdict, type VerdictView } from '../../lib/verdict';

export interface ResultView extends VerdictView {
  nextLabel: string;
  autoNext: boolean;
}

/** The verdict to show and what the big bottom button does next. */
export function resultView(verdict: Verdict, autoNext: boolean): ResultView {
  return {
    ...verdictView(verdict),
    nextLabel: verdict.kind === 'manual' ? '核验下一位' : '扫下一位',
    autoNext,
  };
}

/** Before the verdict is read: a blank white screen, never a colour. */
export const BLANK_RESULT: ResultView = {
  tone: 'invalid',
  background: '#ffffff',
  foreground: '#000000',
  mark: '',
  chipText: '',
  chipBackground: '',
  chipForeground: '',
  headline: '',
  colorLabel: '',
  reasonText: '',
  maskedName: '',
  maskedDocument: '',
  issuedAtText: '',
  checkedAtText: '',
  offlineMarker: '',
  kindLabel: '',
  nextLabel: '返回',
  autoNext: false,
};
