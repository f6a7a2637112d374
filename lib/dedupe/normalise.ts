// Duplicate detection keys. Two customers are candidates when they share any key:
//   phone         phoneKey (lib/domain/vocabulary.ts): the one phone normaliser's stored form, e.g.
//                 '+86 138 0013 8000', '13800138000', '１３８００１３８０００' → '13800138000'
//   email         trimmed, lower-case
//   name+company  both present; NFKC (full-width → half-width), whitespace collapsed, case-folded
// Pure, used by the import preview and the unit tests. The SQL twins (private.dedupe_email/_text in
// 20261125000500_data_hygiene.sql, private.dedupe_phone in 20261206007100_one_vocabulary.sql) drive
// the candidate query; tests/db/merge.test.ts and tests/db/vocabulary.test.ts check they agree.
import { phoneKey } from '../domain/vocabulary.ts';

export function dedupeText(raw: string | null | undefined): string | null {
  const s = (raw ?? '').normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  return s === '' ? null : s;
}

export function dedupeEmail(raw: string | null | undefined): string | null {
  const s = (raw ?? '').trim().toLowerCase();
  return s === '' ? null : s;
}


export type DedupeReason = 'phone' | 'email' | 'name_company';

export type DedupeKeys = { phone: string | null; email: string | null; nameCompany: string | null };

export function dedupeKeys(c: { name: string; company?: string | null; phone?: string | null; email?: string | null }): DedupeKeys {
  const name = dedupeText(c.name);
  const company = dedupeText(c.company);
  return { phone: phoneKey(c.phone), email: dedupeEmail(c.email), nameCompany: name && company ? `${name}\u241f${company}` : null };
}

/** Why two customers look like one: the keys they share (empty = not duplicates). */
export function matchReasons(a: DedupeKeys, b: DedupeKeys): DedupeReason[] {
  const out: DedupeReason[] = [];
  if (a.phone && a.phone === b.phone) out.push('phone');
  if (a.email && a.email === b.email) out.push('email');
  if (a.nameCompany && a.nameCompany === b.nameCompany) out.push('name_company');
  return out;
}
