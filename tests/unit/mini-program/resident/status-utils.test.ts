import { clearanceRows, daysLeft, periodEnd, statusAnswer, statusView } from '../../../../mini-program/resident/pages/status/utils';
import type { ResidentStatus } from '../../../../shared/api';

const NOW = new Date('2024-03-20T10:00:00+08:00');
const red = (clearance: ResidentStatus['clearance']): ResidentStatus => ({
  color: 'red',
  since: '2024-03-01T09:00:00+08:00',
  evaluatedAt: '2024-03-20T09:00:00+08:00',
  rulesetVersion: '1.0.0',
  reasons: [{ code: 'close-contact', message: '密切接触者' }],
  clearance,
});

describe('status page: "我已经隔离了14天，为什么还没有变成绿码？"', () => {
  test('quarantine over, check-ins missing: the answer names the days still needed', () => {
    const status = red({ earliestAt: '2024-03-23T00:00:00+08:00', quarantineUntil: '2024-03-15T00:00:00+08:00', checkinsRequired: 14, checkinsDone: 11 });
    expect(statusAnswer(status, NOW)).toBe('隔离观察期已满，但转绿还需要连续14天正常打卡（体温低于37.3℃且没有症状），目前还差3天。打卡中断或异常会重新计算。');
    expect(clearanceRows(status, NOW)).toEqual([
      { label: '隔离观察期', value: '已满', done: true },
      { label: '连续正常打卡', value: '已完成11/14天，还需连续打卡3天', done: false },
      { label: '最早转绿时间', value: '2024年3月23日 00:00', done: false },
    ]);
  });

  test('quarantine running: days left, rounded up', () => {
    const status = red({ earliestAt: '2024-03-25T00:00:00+08:00', quarantineUntil: '2024-03-25T00:00:00+08:00', checkinsRequired: 14, checkinsDone: 9 });
    expect(daysLeft('2024-03-25T00:00:00+08:00', NOW)).toBe(5);
    expect(statusAnswer(status, NOW)).toBe('隔离观察期还剩5天，期满并且连续打卡满14天后自动转为绿码。');
  });

  test('the server’s own clearance message wins; green needs no rows', () => {
    const status = red({ earliestAt: '2024-03-23T00:00:00+08:00', checkinsRequired: 14, checkinsDone: 11, message: '还需连续打卡 3 天' });
    expect(statusAnswer(status, NOW)).toBe('还需连续打卡 3 天');
    const green: ResidentStatus = { ...status, color: 'green', reasons: [], clearance: undefined };
    expect(clearanceRows(green, NOW)).toEqual([]);
    expect(statusAnswer(green, NOW)).toBe('您目前是绿码，可以正常通行。');
  });

  test('yellow is a 健康观察期, as its reason says; green is not asked why it is not green', () => {
    const yellow: ResidentStatus = { ...red({ earliestAt: '2024-03-25T00:00:00+08:00', quarantineUntil: '2024-03-25T00:00:00+08:00', checkinsRequired: 7, checkinsDone: 2 }), color: 'yellow' };
    expect(clearanceRows(yellow, NOW)[0]!.label).toBe('健康观察期');
    expect(statusAnswer(yellow, NOW)).toBe('健康观察期还剩5天，期满并且连续打卡满7天后自动转为绿码。');
    expect(statusView(yellow, NOW).question).toBe('为什么还没有变成绿码？');
    expect(statusView({ ...yellow, color: 'green', clearance: undefined }, NOW).question).toBe('现在可以通行吗？');
  });
});

test('a period that ends at midnight is said to end the day before, as the server says it: one end, one day', () => {
  const status = red({ earliestAt: '2024-03-25T00:00:00+08:00', quarantineUntil: '2024-03-25T00:00:00+08:00', checkinsRequired: 14, checkinsDone: 9, message: '还需连续打卡5天，观察期至3月24日结束' });
  expect(clearanceRows(status, NOW)[0]).toEqual({ label: '隔离观察期', value: '至2024年3月24日结束，还剩5天', done: false });
  expect(periodEnd('2024-03-25T15:30:00+08:00')).toBe('至2024年3月25日 15:30');
});
