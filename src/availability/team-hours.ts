import type { AgentStore } from '../agents/agent-store';
import { AppError } from '../errors';
import { BusinessHours, ScheduleError } from './business-hours';

const KEY = 'business-hours';

/** Business hours as written: `hours` empty means always open. */
export interface HoursSetting {
  hours: string;
  timeZone: string;
  holidays: string;
}

/**
 * The team's business hours: as set in the console (kept in the agent store, so every node
 * reads the same), else as configured (BUSINESS_HOURS…), else always open.
 */
export class TeamHours {
  constructor(private readonly o: { store: AgentStore; configured?: HoursSetting }) {}

  async current(): Promise<{ setting: HoursSetting; source: 'console' | 'config' | 'default'; hours: BusinessHours }> {
    const raw = await this.o.store.getSetting(KEY);
    if (raw) {
      const setting = JSON.parse(raw) as HoursSetting;
      return { setting, source: 'console', hours: parse(setting) };
    }
    if (this.o.configured) return { setting: this.o.configured, source: 'config', hours: parse(this.o.configured) };
    return { setting: { hours: '', timeZone: 'UTC', holidays: '' }, source: 'default', hours: BusinessHours.always() };
  }

  /** Throws `invalid_request` naming what is wrong with the schedule. */
  async set(setting: HoursSetting): Promise<BusinessHours> {
    let hours: BusinessHours;
    try {
      hours = parse(setting);
    } catch (err) {
      if (err instanceof ScheduleError) throw new AppError('invalid_request', err.message, { field: 'hours' });
      throw err;
    }
    await this.o.store.setSetting(KEY, JSON.stringify(setting));
    return hours;
  }
}

function parse(s: HoursSetting): BusinessHours {
  return s.hours.trim() ? BusinessHours.parse(s.hours, s.timeZone, s.holidays) : BusinessHours.always();
}
