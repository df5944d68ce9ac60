/**
 * A random id in the protocol's alphabet. crypto.randomUUID exists only on HTTPS pages, and
 * the widget also runs on plain-HTTP sites; getRandomValues works on both.
 */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
