import { LANGUAGE_TAG } from '../../src/protocol/formats';
import type { VisitorContext } from '../../src/protocol/dto';

export type PageContext = Omit<VisitorContext, 'browser' | 'os'>;

const httpUrl = (u: string) => (/^https?:\/\//i.test(u) && u.length <= 2000 ? u : undefined);

/**
 * What the widget tells agents of the page it is on: its address and title, where the visitor
 * came from, their language and time zone. Kept within what the server accepts, since a refused
 * handshake would cost the visitor their conversation.
 */
export function pageContext(siteLocale?: string): PageContext {
  const context: PageContext = {};
  const pageUrl = httpUrl(location.href);
  if (pageUrl) context.pageUrl = pageUrl;
  const title = document.title.trim().slice(0, 300);
  if (title) context.pageTitle = title;
  const referrer = httpUrl(document.referrer);
  if (referrer) context.referrer = referrer;
  const locale = [siteLocale?.trim(), navigator.language].find((l) => l && LANGUAGE_TAG.test(l) && l.length <= 35);
  if (locale) context.locale = locale;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && zone.length <= 64 && /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(zone)) context.timeZone = zone;
  return context;
}

/** The same checks, on what the host page sent the frame (another origin: trust nothing). */
export function checkedContext(raw: unknown): PageContext | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const str = (k: string, max: number) =>
    typeof r[k] === 'string' && (r[k] as string).length <= max ? (r[k] as string) : undefined;
  const context: PageContext = {};
  const pageUrl = str('pageUrl', 2000);
  if (pageUrl && httpUrl(pageUrl)) context.pageUrl = pageUrl;
  const pageTitle = str('pageTitle', 300);
  if (pageTitle) context.pageTitle = pageTitle;
  const referrer = str('referrer', 2000);
  if (referrer && httpUrl(referrer)) context.referrer = referrer;
  const locale = str('locale', 35);
  if (locale && LANGUAGE_TAG.test(locale)) context.locale = locale;
  const timeZone = str('timeZone', 64);
  if (timeZone && /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) context.timeZone = timeZone;
  return context;
}
