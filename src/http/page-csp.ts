/**
 * The Content-Security-Policy of our own pages that run our bundle (the console, the demo
 * page): only same-origin script and sockets, no framing, no base or form targets. The demo page
 * is a customer's page stand-in with inline styles; the console allows none.
 */
export function pageCsp(opts: { inlineStyles: boolean }): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    opts.inlineStyles ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    // blob: the photos of conversations, fetched with the reader's credentials.
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
