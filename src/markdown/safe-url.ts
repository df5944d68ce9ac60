const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:']);
// Browsers strip these before parsing a URL, which is how `java\tscript:` slips past naive checks.
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * The absolute URL a link may point to, or undefined when it must not be a link: other schemes
 * (`javascript:`, `data:`, `vbscript:`, `file:`...) and relative URLs without a base.
 */
export function safeUrl(href: string, base?: string): string | undefined {
  const raw = href.trim();
  if (!raw || CONTROL.test(raw)) return undefined;
  let url: URL;
  try {
    url = base ? new URL(raw, base) : new URL(raw);
  } catch {
    return undefined;
  }
  return SAFE_PROTOCOLS.has(url.protocol) ? url.href : undefined;
}

/** True when `url` is an http(s) URL on one of `origins`. */
export function onOrigin(url: string, origins: readonly string[]): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && origins.includes(u.origin);
  } catch {
    return false;
  }
}
