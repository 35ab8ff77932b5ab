/**
 * The status page answers "why this colour" and "what is missing before green", e.g. for the
 * resident who asks "我已经隔离了14天，为什么还没有变成绿码？". Pure.
 */
import type { ResidentStatus } from '../../../../shared/api';
import { MS_PER_DAY } from '../../../../shared/time';
import { rulesetV1 } from '../../../../shared/rules/schema';
import { COLOR_INK, COLOR_HINTS, COLOR_LABELS, dateTime, longDate } from '../../lib/format';
import { correctionTarget } from '../corrections/utils';

export interface ReasonRow {
  key: string;
  code: string;
  message: string;
  /** The day of the declaration that started a declared trigger ('' otherwise), carried to the corrections page. */
  declaredOn: string;
  /** Whether the reason gets a 申请纠错 entry: a trigger the rules know, with its declaration's day when declared. */
  correctable: boolean;
}

/** The reasons, each with what a correction of it needs. */
export function reasonRows(reasons: ResidentStatus['reasons']): ReasonRow[] {
  return reasons.map((r) => ({
    key: `${r.code}:${r.declaredOn ?? ''}`,
    code: r.code,
    message: r.message,
    declaredOn: r.declaredOn ?? '',
    correctable: correctionTarget(r.code, r.declaredOn) !== undefined,
  }));
}

/** A check-in is normal below this (the ruleset's fever temperature; the status names no other). */
const FEVER_TEMPERATURE = rulesetV1.thresholds.feverTemperature;

export interface ClearanceRow {
  label: string;
  value: string;
  done: boolean;
}

/** Whole days from `now` until `until`, rounded up; 0 once it has passed. */
export function daysLeft(until: string, now: Date): number {
  const ms = Date.parse(until) - now.getTime();
  return ms <= 0 ? 0 : Math.ceil(ms / MS_PER_DAY);
}

/**
 * When a period ends. A period that runs to midnight ends with the day before it, which is how the
 * server's own sentence says it ("观察期至12月16日结束"), so the page never shows two days for one end.
 * @example periodEnd('2024-03-25T00:00:00+08:00') === '至2024年3月24日结束'
 */
export function periodEnd(until: string): string {
  const at = Date.parse(until);
  if (Number.isNaN(at)) return '';
  const text = dateTime(until);
  return text.endsWith(' 00:00') ? `至${longDate(new Date(at - 1))}结束` : `至${text}`;
}

/** The ruleset's name for the waiting period: yellow is a 健康观察期, red a 隔离观察期. */
export function periodName(color: ResidentStatus['color']): string {
  return color === 'yellow' ? '健康观察期' : '隔离观察期';
}

/** The conditions still standing between this status and green, one row each. */
export function clearanceRows(status: ResidentStatus, now: Date): ClearanceRow[] {
  const clearance = status.clearance;
  if (status.color === 'green' || !clearance) return [];
  const rows: ClearanceRow[] = [];
  if (clearance.quarantineUntil) {
    const left = daysLeft(clearance.quarantineUntil, now);
    rows.push({
      label: periodName(status.color),
      value: left > 0 ? `${periodEnd(clearance.quarantineUntil)}，还剩${left}天` : '已满',
      done: left === 0,
    });
  }
  const missing = Math.max(0, clearance.checkinsRequired - clearance.checkinsDone);
  rows.push({
    label: '连续正常打卡',
    value: `已完成${clearance.checkinsDone}/${clearance.checkinsRequired}天${missing > 0 ? `，还需连续打卡${missing}天` : ''}`,
    done: missing === 0,
  });
  rows.push({ label: '最早转绿时间', value: dateTime(clearance.earliestAt), done: Date.parse(clearance.earliestAt) <= now.getTime() });
  return rows;
}

/** One sentence that answers the question in plain words. */
export function statusAnswer(status: ResidentStatus, now: Date): string {
  if (status.color === 'green') return '您目前是绿码，可以正常通行。';
  const clearance = status.clearance;
  if (!clearance) return '目前的颜色来自卫生健康部门的数据，解除后会自动转为绿码，无需任何操作。';
  if (clearance.message) return clearance.message;
  const missing = Math.max(0, clearance.checkinsRequired - clearance.checkinsDone);
  const quarantineLeft = clearance.quarantineUntil ? daysLeft(clearance.quarantineUntil, now) : 0;
  if (quarantineLeft === 0 && missing > 0) {
    return `${periodName(status.color)}已满，但转绿还需要连续${clearance.checkinsRequired}天正常打卡（体温低于${FEVER_TEMPERATURE}℃且没有症状），目前还差${missing}天。打卡中断或异常会重新计算。`;
  }
  if (quarantineLeft > 0) return `${periodName(status.color)}还剩${quarantineLeft}天，期满并且连续打卡满${clearance.checkinsRequired}天后自动转为绿码。`;
  return '条件已经满足，系统会在最早转绿时间后自动转为绿码。';
}

export function statusView(status: ResidentStatus, now: Date) {
  return {
    loaded: true,
    color: status.color,
    colorLabel: COLOR_LABELS[status.color],
    colorHex: COLOR_INK[status.color],
    hint: COLOR_HINTS[status.color],
    since: dateTime(status.since),
    reasons: reasonRows(status.reasons),
    rows: clearanceRows(status, now),
    answer: statusAnswer(status, now),
    question: status.color === 'green' ? '现在可以通行吗？' : '为什么还没有变成绿码？',
    rulesetVersion: status.rulesetVersion,
  };
}

export function emptyStatusView() {
  return {
    loaded: false,
    color: '',
    colorLabel: '',
    colorHex: '#4e5561',
    hint: '',
    since: '',
    reasons: [] as ReasonRow[],
    rows: [] as ClearanceRow[],
    answer: '',
    question: '',
    rulesetVersion: '',
  };
}
