// Text Postgres cannot store, or that is not text at all: a NUL (Postgres text refuses it — a
// 500 if it gets that far) and a lone UTF-16 surrogate (JSON can carry "\ud800"; it has no UTF-8
// form). Refused at the edge with a 400 and a zh/en message, before anything is written.
// Used by readJsonBody (every memberRoute), the sign-in form, the proxy (query strings) and the
// server actions' form parsing.

// Without the u flag a regex walks UTF-16 code units, so it sees a surrogate half on its own.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the string is safe to store: no NUL, no unpaired surrogate. */
export function isCleanText(s: string): boolean {
  return !s.includes('\u0000') && !LONE_SURROGATE.test(s);
}

/** The path of the first unsafe string (or key) in a parsed JSON value — 'body' at the root — or null. */
export function findUncleanText(value: unknown, path = 'body'): string | null {
  if (typeof value === 'string') return isCleanText(value) ? null : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findUncleanText(value[i], `${path}.${i}`);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!isCleanText(k)) return path;
      const hit = findUncleanText(v, path === 'body' ? k : `${path}.${k}`);
      if (hit) return hit;
    }
  }
  return null;
}
