/** String storage that never throws: Safari private mode, full quotas and blocked storage degrade to memory. */
export interface KeyValueStore {
  get(key: string): string | undefined;
  /** `undefined` removes the key. */
  set(key: string, value: string | undefined): void;
}

export function memoryStore(): KeyValueStore {
  const m = new Map<string, string>();
  return { get: (k) => m.get(k), set: (k, v) => (v === undefined ? m.delete(k) : m.set(k, v)) };
}

/** Whether the browser lets this document use `kind` storage (a third-party frame may be refused it). */
export function storageWorks(kind: 'local' | 'session'): boolean {
  try {
    const s = kind === 'local' ? window.localStorage : window.sessionStorage;
    s.setItem('answerdesk:probe', '1');
    s.removeItem('answerdesk:probe');
    return true;
  } catch {
    return false;
  }
}

/** `kind` storage under `prefix`, falling back to memory when the browser refuses. */
export function browserStore(kind: 'local' | 'session', prefix: string): KeyValueStore {
  let s: Storage | undefined;
  try {
    s = kind === 'local' ? window.localStorage : window.sessionStorage;
    const probe = `${prefix}probe`;
    s.setItem(probe, '1');
    s.removeItem(probe);
  } catch {
    return memoryStore();
  }
  const fallback = memoryStore();
  return {
    get(k) {
      try {
        return s!.getItem(prefix + k) ?? fallback.get(k);
      } catch {
        return fallback.get(k);
      }
    },
    set(k, v) {
      try {
        if (v === undefined) s!.removeItem(prefix + k);
        else s!.setItem(prefix + k, v);
      } catch {
        fallback.set(k, v);
      }
    },
  };
}
