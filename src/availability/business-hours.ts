/**
 * Business hours: a weekly schedule in one time zone, with holidays. Written as
 * `mon-fri 09:00-17:30, sat 10:00-14:00` (days `mon`…`sun`, single or as a range, each with one
 * or more `HH:MM-HH:MM` intervals within the day), holidays as `YYYY-MM-DD` dates in that zone.
 */
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const DAY_MS = 86_400_000;

export class ScheduleError extends Error {}

type Interval = [startMinute: number, endMinute: number];

interface LocalTime {
  year: number;
  month: number;
  day: number;
  weekday: number;
  minute: number;
}

export class BusinessHours {
  private readonly format: Intl.DateTimeFormat;

  private constructor(
    readonly timeZone: string,
    /** By weekday (0 = Sunday); `null`: open all the time. */
    private readonly week: Interval[][] | null,
    private readonly holidays: ReadonlySet<string>,
  ) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  }

  /** Open around the clock, every day. */
  static always(): BusinessHours {
    return new BusinessHours('UTC', null, new Set());
  }

  /** Throws {@link ScheduleError} naming what is wrong. */
  static parse(hours: string, timeZone = 'UTC', holidays = ''): BusinessHours {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
    } catch {
      throw new ScheduleError(`unknown time zone "${timeZone}"`);
    }
    const week: Interval[][] = DAYS.map(() => []);
    for (const part of hours
      .split(',')
      .map((p) => p.trim().toLowerCase())
      .filter(Boolean)) {
      const m = /^([a-z]{3})(?:-([a-z]{3}))?\s+(.+)$/.exec(part);
      if (!m) throw new ScheduleError(`"${part}" is not like "mon-fri 09:00-17:00"`);
      const from = dayIndex(m[1]);
      const to = m[2] ? dayIndex(m[2]) : from;
      const intervals = m[3].split(/\s+/).map(interval);
      for (let d = from; ; d = (d + 1) % 7) {
        week[d].push(...intervals);
        if (d === to) break;
      }
    }
    if (week.every((d) => d.length === 0)) throw new ScheduleError('no opening hours');
    const days = holidays
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    for (const h of days)
      if (!/^\d{4}-\d{2}-\d{2}$/.test(h)) throw new ScheduleError(`holiday "${h}" is not YYYY-MM-DD`);
    return new BusinessHours(timeZone, week, new Set(days));
  }

  get alwaysOpen(): boolean {
    return this.week === null;
  }

  isOpen(at: Date): boolean {
    if (!this.week) return true;
    const t = this.local(at);
    if (this.holidays.has(dateKey(t))) return false;
    return this.week[t.weekday].some(([s, e]) => t.minute >= s && t.minute < e);
  }

  /** The next moment the team is in, from `at` (itself when open); null if never within two weeks. */
  nextOpening(at: Date): Date | null {
    if (this.isOpen(at)) return at;
    if (!this.week) return at;
    for (let d = 0; d <= 14; d++) {
      const day = this.local(new Date(at.getTime() + d * DAY_MS));
      if (this.holidays.has(dateKey(day))) continue;
      for (const [start] of [...this.week[day.weekday]].sort((a, b) => a[0] - b[0])) {
        const opening = this.instant(day, start);
        if (opening.getTime() > at.getTime()) return opening;
      }
    }
    return null;
  }

  private local(at: Date): LocalTime {
    const parts = Object.fromEntries(this.format.formatToParts(at).map((p) => [p.type, p.value]));
    return {
      year: Number(parts.year),
      month: Number(parts.month),
      day: Number(parts.day),
      weekday: DAYS.indexOf(parts.weekday.toLowerCase() as (typeof DAYS)[number]),
      minute: Number(parts.hour) * 60 + Number(parts.minute),
    };
  }

  /** The instant a wall-clock minute of a local day falls on, in this time zone. */
  private instant(day: LocalTime, minute: number): Date {
    const wall = Date.UTC(day.year, day.month - 1, day.day, Math.floor(minute / 60), minute % 60);
    // The zone's offset at a first guess, then again at the corrected instant (a DST change between).
    let guess = wall;
    for (let i = 0; i < 2; i++) {
      const t = this.local(new Date(guess));
      const seen = Date.UTC(t.year, t.month - 1, t.day, Math.floor(t.minute / 60), t.minute % 60);
      guess += wall - seen;
    }
    return new Date(guess);
  }
}

function dayIndex(name: string): number {
  const i = DAYS.indexOf(name as (typeof DAYS)[number]);
  if (i < 0) throw new ScheduleError(`"${name}" is not a day (mon, tue, wed, thu, fri, sat, sun)`);
  return i;
}

function interval(text: string): Interval {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new ScheduleError(`"${text}" is not like 09:00-17:00`);
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  if (Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3]) > 24 || Number(m[4]) > 59 || end > 24 * 60)
    throw new ScheduleError(`"${text}" is not a time of day`);
  if (end <= start) throw new ScheduleError(`"${text}" ends before it starts (split intervals at midnight)`);
  return [start, end];
}

function dateKey(t: LocalTime): string {
  return `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}
