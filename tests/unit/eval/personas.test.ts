// The evaluation personas (tests/fixtures/personas/generate.ts): deterministic, importable by the
// CLI's own parser without a single bad row, and labelled as promised — every persona quotes the
// seed it comes from.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseImportFile } from '../../../lib/import/parse.ts';
import type { ImportFile } from '../../../lib/import/schemas.ts';
import { generatePersonas, PERSONAS, personasMarkdown } from '../../../tests/fixtures/personas/generate.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const fingerprint = (set: ReturnType<typeof generatePersonas>) => hash(JSON.stringify([set.files, set.labelsCsv]));

describe('persona generator', () => {
  const set = generatePersonas();

  it('the same seed and as_of give byte-identical files; another seed gives other customers', () => {
    expect(fingerprint(generatePersonas())).toBe(fingerprint(set));
    expect(fingerprint(generatePersonas({ seed: 17 }))).not.toBe(fingerprint(set));
  });

  it('every file parses through the import schemas with no bad row (what `npm run crm -- import` reads)', () => {
    for (const [file, text] of Object.entries(set.files)) {
      const parsed = parseImportFile(file as ImportFile, text);
      expect(parsed.errors, file).toEqual([]);
      expect(parsed.rows.length, file).toBeGreaterThan(0);
    }
  });

  it('nothing happens on or after as_of, and every row names a customer of the set', () => {
    const asOf = Date.parse(set.asOf);
    const ids = new Set(set.labels.map((l) => l.external_id));
    const dates = { 'interactions.csv': 'occurred_at', 'orders.csv': 'ordered_at', 'survey_responses.csv': 'answered_at', 'deal_stage_changes.csv': 'changed_at' } as const;
    for (const [file, col] of Object.entries(dates)) {
      const parsed = parseImportFile(file as ImportFile, set.files[file as keyof typeof set.files]);
      for (const r of parsed.rows) {
        const d = (r.data as Record<string, unknown>)[col] as Date | undefined;
        if (d) expect(d.getTime(), `${file} line ${r.line}`).toBeLessThan(asOf);
        const who = (r.data as Record<string, unknown>).customer_external_id as string | undefined;
        if (who) expect(ids.has(who), `${file} line ${r.line}`).toBe(true);
      }
    }
  });

  it('labels: one per customer; every type and funnel stage present; churners and mixed and changing types included', () => {
    expect(set.labels).toHaveLength(PERSONAS.reduce((n, p) => n + p.count, 0));
    expect(new Set(set.labels.map((l) => l.true_type))).toEqual(new Set(['autonomous', 'dependent', 'loyal', null]));
    expect(new Set(set.labels.map((l) => l.true_stage))).toEqual(new Set(['potential', 'wait_and_see', 'intent', 'opportunity', 'signed']));
    expect(set.labels.filter((l) => l.churn_date).length).toBeGreaterThan(30);
    expect(set.labels.filter((l) => l.true_secondary).length).toBeGreaterThan(30);
    expect(set.labels.filter((l) => l.type_since).length).toBeGreaterThan(20);
    // a churner's churn_date is the day of their last order: nothing bought after it
    const orders = parseImportFile('orders.csv', set.files['orders.csv']).rows;
    for (const l of set.labels.filter((x) => x.churn_date)) {
      const last = Math.max(...orders.filter((o) => o.data.customer_external_id === l.external_id).map((o) => o.data.ordered_at.getTime()));
      expect(new Date(last + 8 * 3_600_000).toISOString().slice(0, 10)).toBe(l.churn_date);
    }
  });

  it('each persona says why it behaves as it does, quoting a seed sentence', () => {
    for (const p of PERSONAS) {
      expect(p.why.length, p.key).toBeGreaterThan(0);
      for (const w of p.why) {
        expect(w.seed, p.key).toMatch(/^00[0-4]\b/);
        expect(w.quote, p.key).toMatch(/[\u4e00-\u9fff]{4,}/); // the seed's own (Chinese) words
        expect(w.behaviour.length, p.key).toBeGreaterThan(5);
      }
    }
  });

  it('docs/engine.md lists the personas exactly as the generator defines them', () => {
    const docs = readFileSync(path.resolve(import.meta.dirname, '../../../docs/engine.md'), 'utf8');
    expect(docs).toContain(personasMarkdown());
  });
});
