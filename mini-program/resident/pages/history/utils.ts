/** The history of colour changes, newest first, with times and reasons. Pure. */
import type { HistoryResponse } from '../../../../shared/api';
import { COLOR_INK, COLOR_LABELS, dateTime } from '../../lib/format';

export function historyView(history: HistoryResponse) {
  return {
    loaded: true,
    changes: history.changes.map((change, index) => ({
      key: `${change.at}-${index}`,
      at: dateTime(change.at),
      transition: change.from === null ? `首次判定为${COLOR_LABELS[change.to]}` : `${COLOR_LABELS[change.from]} → ${COLOR_LABELS[change.to]}`,
      colorHex: COLOR_INK[change.to],
      reasons: change.reasons.length > 0 ? change.reasons.map((r) => r.message).join('；') : '无异常情况',
    })),
  };
}
