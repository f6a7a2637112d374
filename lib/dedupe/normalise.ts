// Duplicate detection keys. Two customers are candidates when they share any key:
//   phone         full-width digits → ASCII, spaces/dashes/brackets dropped, +86/0086/86 in front of an
//                 11-digit mobile dropped: '+86 138 0013 8000', '13800138000', '１３８００１３８０００' → '13800138000'
//   email         trimmed, lower-case
//   name+company  both present; NFKC (full-width → half-width), whitespace collapsed, case-folded
// Pure, used by the import preview and the unit tests. The SQL twins in migration
// 20261125000500_data_hygiene.sql (private.dedupe_phone/_email/_text) drive the candidate query;
// tests/db/merge.test.ts checks that both give the same keys.

export function dedupeText(raw: string | null | undefined): string | null {
  const s = (raw ?? '').normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  return s === '' ? null : s;
}

export function dedupeEmail(raw: string | null | undefined): string | null {
  const s = (raw ?? '').trim().toLowerCase();
  return s === '' ? null : s;
}

/** Mobile → 11 digits; +86/0086 landline → 0 + area code; other international → +E.164; else the digits (≥ 5) or null. */
export function dedupePhone(raw: string | null | undefined): string | null {
  const d = (raw ?? '').normalize('NFKC').replace(/[^0-9+]/g, '');
  if (/^(\+86|0086|86)?1[3-9]\d{9}$/.test(d)) return d.slice(-11);
  if (/^(\+|00)86[1-9]\d{8,10}$/.test(d)) return '0' + d.replace(/^(\+|00)86/, '');
  if (/^(\+|00)[1-9]\d{6,14}$/.test(d)) return '+' + d.replace(/^(\+|00)/, '');
  const digits = d.replace(/[^0-9]/g, '');
  return digits.length >= 5 ? digits : null;
}

export type DedupeReason = 'phone' | 'email' | 'name_company';

export type DedupeKeys = { phone: string | null; email: string | null; nameCompany: string | null };

export function dedupeKeys(c: { name: string; company?: string | null; phone?: string | null; email?: string | null }): DedupeKeys {
  const name = dedupeText(c.name);
  const company = dedupeText(c.company);
  return { phone: dedupePhone(c.phone), email: dedupeEmail(c.email), nameCompany: name && company ? `${name}\u241f${company}` : null };
}

/** Why two customers look like one: the keys they share (empty = not duplicates). */
export function matchReasons(a: DedupeKeys, b: DedupeKeys): DedupeReason[] {
  const out: DedupeReason[] = [];
  if (a.phone && a.phone === b.phone) out.push('phone');
  if (a.email && a.email === b.email) out.push('email');
  if (a.nameCompany && a.nameCompany === b.nameCompany) out.push('name_company');
  return out;
}
