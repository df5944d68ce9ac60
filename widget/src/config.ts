import { pickLocale } from './i18n/locale';
import type { Strings } from './i18n/strings';
/** What a site owner sets on the script tag. */
export interface WidgetConfig {
  /** Origin of the Answerdesk server (from the script's own URL, or `data-server`). */
  serverUrl: string;
  title: string;
  /** A CSS hex colour. */
  color: string;
  greeting: string;
  /** 0-4 questions shown as buttons before the first message. */
  suggestions: string[];
  position: 'right' | 'left';
  /** Open the panel on first load. */
  open: boolean;
  /** `auto` follows the visitor's `prefers-color-scheme`; `data-theme` forces one. */
  theme: 'auto' | 'light' | 'dark';
  /** An http(s) image shown in the header (`data-logo`). */
  logo?: string;
  /** An http(s) image beside the assistant's answers (`data-avatar`). */
  avatar?: string;
  /** The widget's words, in the language of `data-locale` or the browser (see pickLocale). */
  t: Strings;
}

export const DEFAULTS = {
  title: 'Support',
  color: '#2563eb',
  greeting: 'Hi! Ask me anything about our products, orders or your account.',
  suggestions: [] as string[],
};

const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const MAX_TEXT = 200;

/**
 * Reads `data-*` attributes of the embedding script tag. Anything malformed falls back to the
 * default: a typo in a site's HTML must not break its chat.
 */
export function readConfig(
  data: DOMStringMap,
  scriptSrc: string | undefined,
  pageUrl: string,
  languages: readonly string[] = [],
): WidgetConfig {
  const t = pickLocale(data.locale, languages);
  const text = (v: string | undefined, fallback: string) => (v?.trim() ? v.trim().slice(0, MAX_TEXT) : fallback);
  let serverUrl = pageUrl;
  try {
    serverUrl = new URL(data.server || scriptSrc || pageUrl, pageUrl).origin;
  } catch {
    serverUrl = new URL(pageUrl).origin;
  }
  const suggestions = (data.suggestions ?? '')
    .split('|')
    .map((s) => s.trim().slice(0, MAX_TEXT))
    .filter(Boolean)
    .slice(0, 4);
  return {
    serverUrl,
    title: text(data.title, DEFAULTS.title),
    color: data.color && HEX_COLOR.test(data.color.trim()) ? data.color.trim() : DEFAULTS.color,
    greeting: text(data.greeting, t.greeting),
    suggestions,
    position: data.position === 'left' ? 'left' : 'right',
    open: data.open === 'true',
    theme: data.theme === 'dark' || data.theme === 'light' ? data.theme : 'auto',
    logo: imageUrl(data.logo, pageUrl),
    avatar: imageUrl(data.avatar, pageUrl),
    t,
  };
}

/** An image address the page gave, kept only when it is http(s). */
function imageUrl(v: string | undefined, pageUrl: string): string | undefined {
  if (!v?.trim()) return undefined;
  try {
    const url = new URL(v.trim(), pageUrl);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Black or white, whichever reads better on `hex`. */
export function contrastText(hex: string): string {
  let h = hex.slice(1);
  if (h.length <= 4) h = [...h].map((c) => c + c).join('');
  const [r, g, b] = [0, 2, 4]
    .map((i) => parseInt(h.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.4 ? '#111827' : '#ffffff';
}
