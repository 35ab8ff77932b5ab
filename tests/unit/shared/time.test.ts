import fc from 'fast-check';
import {
  addDays,
  dayPlus,
  daysBetween,
  daysInMonth,
  isCalendarDay,
  shanghaiDay,
  startOfShanghaiDay,
} from '../../../shared/time';

describe('shanghaiDay', () => {
  it('rolls over to the next day at 16:00 UTC, which is midnight in Shanghai', () => {
    expect(shanghaiDay(new Date('2024-03-01T15:59:59.999Z'))).toBe('2024-03-01');
    expect(shanghaiDay(new Date('2024-03-01T16:00:00.000Z'))).toBe('2024-03-02');
  });

  it('reads an instant written with a +08:00 offset as that local day', () => {
    expect(shanghaiDay(new Date('2024-01-01T00:00:00+08:00'))).toBe('2024-01-01');
    expect(shanghaiDay(new Date('2023-12-31T23:59:59+08:00'))).toBe('2023-12-31');
  });

  it('rejects an invalid Date instead of printing NaN', () => {
    expect(() => shanghaiDay(new Date('nope'))).toThrow(RangeError);
  });
});

describe('startOfShanghaiDay', () => {
  it('is 00:00 in Shanghai', () => {
    expect(startOfShanghaiDay('2024-03-02').toISOString()).toBe('2024-03-01T16:00:00.000Z');
  });

  it('throws on days that do not exist', () => {
    expect(() => startOfShanghaiDay('2023-02-29')).toThrow(RangeError);
    expect(() => startOfShanghaiDay('2024-13-01')).toThrow(RangeError);
    expect(() => startOfShanghaiDay('2024-3-1')).toThrow(RangeError);
  });

  it('round-trips with shanghaiDay for every instant of that day', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1950-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), (d) => {
        const day = shanghaiDay(d);
        const start = startOfShanghaiDay(day).getTime();
        return start <= d.getTime() && d.getTime() < start + 86_400_000 && shanghaiDay(new Date(start)) === day;
      }),
    );
  });
});

describe('addDays, daysBetween, dayPlus', () => {
  it('crosses month, leap-day and year boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', 0)).toBe('2024-03-01');
  });

  it('counts whole days', () => {
    expect(daysBetween('2024-03-01', '2024-03-15')).toBe(14);
    expect(daysBetween('2024-03-15', '2024-03-01')).toBe(-14);
  });

  it('dayPlus is T + n of the rules: midnight of the n-th day after T', () => {
    expect(dayPlus('2024-03-01', 14).toISOString()).toBe('2024-03-14T16:00:00.000Z');
  });

  it('addDays and daysBetween agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: -5000, max: 5000 }), (base, n) => {
        const day = addDays('1900-01-01', base);
        return daysBetween(day, addDays(day, n)) === n && isCalendarDay(addDays(day, n));
      }),
    );
  });

  it('rejects fractional day counts', () => {
    expect(() => addDays('2024-03-01', 0.5)).toThrow(RangeError);
  });
});

describe('isCalendarDay and daysInMonth', () => {
  it('knows the Gregorian leap-year rule', () => {
    expect(isCalendarDay('2000-02-29')).toBe(true);
    expect(isCalendarDay('1900-02-29')).toBe(false);
    expect(isCalendarDay('2024-04-31')).toBe(false);
    expect(isCalendarDay('2024-00-10')).toBe(false);
    expect(isCalendarDay('20240101')).toBe(false);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 11)).toBe(30);
  });
});
