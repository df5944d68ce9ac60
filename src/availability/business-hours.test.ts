import { BusinessHours, ScheduleError } from './business-hours';

describe('business hours', () => {
  const paris = BusinessHours.parse('mon-fri 09:00-12:30 13:30-17:30, sat 10:00-14:00', 'Europe/Paris', '2026-12-25');

  it('is open within the intervals of the day, in the schedule’s time zone', () => {
    // Friday 4 December 2026: Paris is UTC+1.
    expect(paris.isOpen(new Date('2026-12-04T08:00:00Z'))).toBe(true); // 09:00 there
    expect(paris.isOpen(new Date('2026-12-04T07:59:00Z'))).toBe(false);
    expect(paris.isOpen(new Date('2026-12-04T11:45:00Z'))).toBe(false); // lunch
    expect(paris.isOpen(new Date('2026-12-04T16:29:00Z'))).toBe(true);
    expect(paris.isOpen(new Date('2026-12-04T16:30:00Z'))).toBe(false); // 17:30 there
    expect(paris.isOpen(new Date('2026-12-05T09:30:00Z'))).toBe(true); // Saturday 10:30
    expect(paris.isOpen(new Date('2026-12-06T09:30:00Z'))).toBe(false); // Sunday
    expect(paris.isOpen(new Date('2026-12-25T10:00:00Z'))).toBe(false); // a Friday, and a holiday
  });

  it('finds the next opening across a weekend, a holiday and a change of clocks', () => {
    // Saturday 14:05 → Monday 09:00.
    expect(paris.nextOpening(new Date('2026-12-05T13:05:00Z'))?.toISOString()).toBe('2026-12-07T08:00:00.000Z');
    // Thursday 24 December evening → Saturday 26 December 10:00 (Friday is a holiday).
    expect(paris.nextOpening(new Date('2026-12-24T18:00:00Z'))?.toISOString()).toBe('2026-12-26T09:00:00.000Z');
    // Lunch → 13:30 the same day.
    expect(paris.nextOpening(new Date('2026-12-04T11:45:00Z'))?.toISOString()).toBe('2026-12-04T12:30:00.000Z');
    // Clocks go forward on Sunday 29 March 2026: Monday 09:00 is 07:00 UTC.
    expect(paris.nextOpening(new Date('2026-03-28T14:00:00Z'))?.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    const now = new Date('2026-12-04T10:00:00Z');
    expect(paris.nextOpening(now)).toBe(now);
  });

  it('is always open without a schedule', () => {
    const always = BusinessHours.always();
    expect(always.alwaysOpen).toBe(true);
    expect(always.isOpen(new Date('2026-12-06T03:00:00Z'))).toBe(true);
  });

  it('refuses a schedule it cannot read, saying what is wrong', () => {
    expect(() => BusinessHours.parse('weekdays 9-5')).toThrow(ScheduleError);
    expect(() => BusinessHours.parse('mon 09:00-17:00', 'Mars/Olympus')).toThrow(/time zone/);
    expect(() => BusinessHours.parse('mon 17:00-09:00')).toThrow(/ends before it starts/);
    expect(() => BusinessHours.parse('mon 09:00-25:00')).toThrow(/time of day/);
    expect(() => BusinessHours.parse('mon 09:00-17:00', 'UTC', '25/12')).toThrow(/YYYY-MM-DD/);
    expect(() => BusinessHours.parse('', 'UTC')).toThrow(/no opening hours/);
  });
});
