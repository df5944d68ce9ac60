import type { VisitorContext } from '../protocol/dto';

/** What the widget says of the page, as validated by visitorContextSchema. */
export type ReportedContext = Omit<VisitorContext, 'browser' | 'os'>;

/**
 * The visitor's context: what their widget reported of the page, and their browser and
 * operating system read from the User-Agent header. Shown to agents only, as text.
 */
export function visitorContext(reported: ReportedContext | undefined, userAgent: string | undefined): VisitorContext {
  const context: VisitorContext = { ...reported };
  const ua = userAgent ?? '';
  const browser = browserOf(ua);
  const os = osOf(ua);
  if (browser) context.browser = browser;
  if (os) context.os = os;
  return context;
}

/** Whether two contexts differ in anything an agent would see. */
export function contextChanged(a: VisitorContext | undefined, b: VisitorContext): boolean {
  return JSON.stringify(a ?? {}) !== JSON.stringify(b);
}

// Order matters: Edge and Opera say Chrome too, Chrome says Safari.
const BROWSERS: [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/(?:OPR|Opera)\/(\d+)/, 'Opera'],
  [/SamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/Firefox\/(\d+)/, 'Firefox'],
  [/FxiOS\/(\d+)/, 'Firefox'],
  [/CriOS\/(\d+)/, 'Chrome'],
  [/Chrom(?:e|ium)\/(\d+)/, 'Chrome'],
  [/Version\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari\//, 'Safari'],
];

function browserOf(ua: string): string | undefined {
  for (const [re, name] of BROWSERS) {
    const m = re.exec(ua);
    if (m) return `${name} ${m[1]}`;
  }
  return undefined;
}

function osOf(ua: string): string | undefined {
  if (/iPhone|iPad|iPod/.test(ua)) return `iOS ${/OS (\d+)[_\d]* like Mac/.exec(ua)?.[1] ?? ''}`.trim();
  if (/Android/.test(ua)) return `Android ${/Android (\d+)/.exec(ua)?.[1] ?? ''}`.trim();
  if (/Windows NT 10/.test(ua)) return 'Windows 10 or 11';
  if (/Windows/.test(ua)) return 'Windows';
  if (/CrOS/.test(ua)) return 'ChromeOS';
  if (/Mac OS X/.test(ua)) return 'macOS';
  if (/Linux/.test(ua)) return 'Linux';
  return undefined;
}
