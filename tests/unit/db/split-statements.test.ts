// The statement splitter used to push migrations like the Supabase CLI: `;` splits only outside
// strings, quoted names, dollar-quoted bodies, comments and BEGIN ATOMIC bodies. Each case below
// is a way a naive split on `;` would cut a statement in half.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../../lib/db/split-statements.ts';

describe('splitStatements', () => {
  it('splits plain statements and drops comment-only pieces', () => {
    expect(splitStatements('select 1; select 2;\n-- trailing note\n')).toEqual(['select 1;', 'select 2;']);
  });

  it.each([
    ["a string with ';'", "select 'a;b'; select 2;", "select 'a;b';"],
    ["a doubled quote inside a string", "select 'it''s; here'; select 2;", "select 'it''s; here';"],
    ['an E-string with an escaped quote', "select E'x\\';y'; select 2;", "select E'x\\';y';"],
    ['a quoted identifier', 'select 1 as "a;b"; select 2;', 'select 1 as "a;b";'],
    ['a dollar-quoted body', 'create function f() returns int language sql as $$ select 1; $$; select 2;', 'create function f() returns int language sql as $$ select 1; $$;'],
    ['a tagged dollar quote holding $$', 'do $body$ begin perform $$;$$; end $body$; select 2;', 'do $body$ begin perform $$;$$; end $body$;'],
    ['a line comment', 'select 1 -- not; the end\n; select 2;', 'select 1 -- not; the end\n;'],
    ['a nested block comment', 'select /* a /* b; */ c; */ 1; select 2;', 'select /* a /* b; */ c; */ 1;'],
    ['a BEGIN ATOMIC body', 'create function g() returns int language sql begin atomic select 1; select 2; end; select 3;', 'create function g() returns int language sql begin atomic select 1; select 2; end;'],
  ])('keeps %s whole', (_what, sql, first) => {
    const parts = splitStatements(sql);
    expect(parts[0]).toBe(first);
    expect(parts.length).toBe(2);
  });

  it('loses nothing of any project migration (pieces rejoin to the file, minus whitespace and a closing comment)', () => {
    for (const f of readdirSync('supabase/migrations').filter((x) => x.endsWith('.sql'))) {
      const text = readFileSync(`supabase/migrations/${f}`, 'utf8');
      const squash = (s: string) => s.replace(/\s+/g, '');
      // Comment lines after the last statement are no statement (dropped, as the CLI drops them).
      const lines = text.trimEnd().split('\n');
      while (lines.length && /^\s*(--.*)?$/.test(lines.at(-1)!)) lines.pop();
      const code = lines.join('\n');
      expect(squash(splitStatements(text).join('')), f).toBe(squash(code));
    }
  });
});
