// Splits a migration file into statements the way `supabase db push` does (supabase/cli
// pkg/parser): on `;` outside string literals, quoted identifiers, dollar-quoted bodies and
// comments, with `BEGIN ATOMIC … END` bodies kept whole. The faithful-database tests apply the
// project's migrations statement by statement through this, so a migration that only works as
// one multi-statement string (our local launcher's way) is caught before a real push.

export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  let atomicDepth = 0;
  const n = sql.length;
  const word = (at: number) => /^[A-Za-z_]+/.exec(sql.slice(at, at + 20))?.[0]?.toLowerCase() ?? '';
  let prevWord = '';

  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
      continue;
    }
    if (c === '/' && next === '*') {
      // Postgres block comments nest.
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (sql[i] === '*' && sql[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
      continue;
    }
    if (c === "'") {
      // E'…' strings allow backslash escapes; standard strings only ''.
      const escaped = i > 0 && /[eE]/.test(sql[i - 1]!) && !/[A-Za-z0-9_]/.test(sql[i - 2] ?? ' ');
      i++;
      while (i < n) {
        if (escaped && sql[i] === '\\') i += 2;
        else if (sql[i] === "'" && sql[i + 1] === "'") i += 2;
        else if (sql[i] === "'") break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < n && !(sql[i] === '"' && sql[i + 1] !== '"')) i += sql[i] === '"' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '$' && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? ' ')) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        i = close === -1 ? n : close + tag[0].length;
        continue;
      }
    }
    if (/[A-Za-z_]/.test(c) && !/[A-Za-z0-9_$]/.test(sql[i - 1] ?? ' ')) {
      const w = word(i);
      if (prevWord === 'begin' && w === 'atomic') atomicDepth++;
      else if (atomicDepth > 0 && w === 'end') atomicDepth--;
      prevWord = w;
      i += w.length || 1;
      continue;
    }
    if (c === ';' && atomicDepth === 0) {
      const stmt = sql.slice(start, i + 1).trim();
      if (hasCode(stmt)) out.push(stmt);
      start = i + 1;
    }
    if (!/\s/.test(c)) prevWord = '';
    i++;
  }
  const tail = sql.slice(start).trim();
  if (hasCode(tail)) out.push(tail);
  return out;
}

// A piece that is only comments/whitespace is not a statement (the CLI drops it too).
function hasCode(s: string): boolean {
  return s.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').replace(/;/g, '').trim().length > 0;
}
