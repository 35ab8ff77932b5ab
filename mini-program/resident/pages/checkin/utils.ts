/** The daily check-in (健康打卡): the form, and what the page says once today is done. Pure. */
import { checkinRequest, type CheckinRequest, type CheckinResponse } from '../../../../shared/api';
import { addDays, shanghaiDay } from '../../../../shared/time';
import { COLOR_INK, COLOR_LABELS, monthDay } from '../../lib/format';
import { zodFieldErrors, type FieldErrors } from '../../lib/problem';
import { SYMPTOMS_UNANSWERED, symptomsForApi, temperatureValue } from '../../lib/symptoms';

export interface CheckinForm {
  temperature: string;
  symptoms: string[];
}

/** What the phone remembers of the last check-in of a subject. */
export interface LastCheckin {
  day: string;
  /** Unknown when the server said "already checked in" and the phone had no record of it. */
  streak?: number;
}

export function buildCheckin(form: CheckinForm): { ok: true; body: CheckinRequest } | { ok: false; errors: FieldErrors } {
  const result = checkinRequest.safeParse({ temperature: temperatureValue(form.temperature), symptoms: symptomsForApi(form.symptoms) });
  const errors: FieldErrors = result.success ? {} : zodFieldErrors(result.error);
  if (form.symptoms.length === 0) errors.symptoms = SYMPTOMS_UNANSWERED;
  if (result.success && Object.keys(errors).length === 0) return { ok: true, body: result.data };
  return { ok: false, errors };
}

/** The reminder of tomorrow's check-in, e.g. "明天（3月2日）记得继续打卡". */
export function reminderFor(day: string): string {
  return `明天（${monthDay(addDays(day, 1))}）记得继续打卡`;
}

/** The page once today's check-in is done (or the phone remembers it is). */
export function doneView(last: LastCheckin) {
  return {
    doneToday: true,
    streakText:
      last.streak === undefined ? '' : last.streak > 0 ? `已连续正常打卡${last.streak}天` : '今天的打卡有异常，连续天数将从下一个正常打卡日重新计算',
    reminder: reminderFor(last.day),
  };
}

/** The page before today's check-in. */
export function openView(last: LastCheckin | undefined, now: Date) {
  if (last && last.day === shanghaiDay(now)) return doneView(last);
  return { doneToday: false, streakText: last?.streak ? `上次打卡时已连续${last.streak}天` : '', reminder: '' };
}

/** The colour after the check-in, as the page shows it. */
export function statusLine(response: CheckinResponse): { colorLabel: string; colorHex: string } {
  return { colorLabel: COLOR_LABELS[response.status.color], colorHex: COLOR_INK[response.status.color] };
}
