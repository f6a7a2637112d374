// The log's schemas: an untouched sheet (kind only) is refused on a new log and on an edit, with
// the message key the API words (api.issues.log_empty); one word anywhere is enough.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InteractionEdit, InteractionInput } from '../../../lib/validation/interaction.ts';

const base = { id: randomUUID(), customer_id: randomUUID(), kind: 'visit', occurred_at: new Date().toISOString() };

describe('not empty', () => {
  it('refuses a log with nothing but its kind (tried: the untouched sheet, blank note and next step)', () => {
    for (const body of [base, { ...base, note: '   ', next_step: '' }]) {
      const r = InteractionInput.safeParse(body);
      expect(r.success).toBe(false);
      expect(r.error!.issues[0]).toMatchObject({ path: ['note'], params: { key: 'log_empty' } });
    }
    expect(InteractionEdit.safeParse({ kind: 'call', note: '' }).success).toBe(false);
  });

  it('accepts any one of attitude, cognition, mood, note or next step', () => {
    for (const extra of [{ attitude: 'accept' }, { cognition: 'vague' }, { sentiment: 'negative' }, { note: '聊了价格' }, { next_step: '周五发报价' }])
      expect(InteractionInput.safeParse({ ...base, ...extra }).success).toBe(true);
    expect(InteractionEdit.safeParse({ kind: 'call', note: '改过' }).success).toBe(true);
  });
});
