/** A heading's anchor id: the same on the server's article page and in the widget's source links. */
export function slug(heading: string): string {
  return (
    heading
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'section'
  );
}

/** A knowledge path for a URL: each segment encoded, the slashes kept. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Where a visitor can read a cited source: its own `url`, else the server's article page. */
export function sourceHref(source: { path: string; heading?: string; url?: string }, serverUrl: string): string {
  if (source.url && /^https?:\/\//i.test(source.url)) return source.url;
  const path = encodePath(source.path);
  // A source's heading is a path ("Pairing › Wi-Fi"); the page anchors the innermost one.
  const inner = source.heading?.split(' › ').pop();
  return `${serverUrl}/kb/${path}${inner ? `#${slug(inner)}` : ''}`;
}
