// The customer schema shared by the form and its server action, and the list's URL schema.
import { describe, expect, it } from 'vitest';
import {
  CustomerInput,
  customerFieldErrors,
  CustomerListQuery,
  customersHref,
  listQueryFromSearchParams,
} from '../../../lib/validation/customer.ts';

// The phone spellings themselves: tests/unit/domain/vocabulary.test.ts (one table for TS and SQL).

describe('CustomerInput', () => {
  const form = (over: Record<string, string>) => ({ name: '张三', company: '', phone: '', email: '', wechat: '', kind: 'b2b', industry: '', region: '', needs: '', owner_id: '', ...over });

  it('empty form fields are "not given", the phone is stored normalised', () => {
    const v = CustomerInput.parse(form({ name: '  张三 ', phone: '＋８６ １３８ ００１３ ８０００' }));
    expect(v).toEqual({
      name: '张三', company: null, phone: '13800138000', email: null, wechat: null, kind: 'b2b',
      industry: null, region: null, needs: null, owner_id: null, confirm_duplicate: false,
    });
  });

  it('e-mail is trimmed and lower-cased; "save anyway" arrives as a checkbox/button value', () => {
    const v = CustomerInput.parse({ ...form({ email: ' Zhang.San@Example.CN ', kind: 'b2c', needs: 'both' }), confirm_duplicate: '1' });
    expect(v).toMatchObject({ email: 'zhang.san@example.cn', kind: 'b2c', needs: 'both', confirm_duplicate: true });
  });

  it('bad input → one code per field (the form translates them)', () => {
    const r = CustomerInput.safeParse(form({ name: '   ', phone: '12345', email: 'not-mail', kind: 'robot', owner_id: 'me' }));
    expect(r.success).toBe(false);
    expect(customerFieldErrors(r.error!)).toEqual({
      name: 'name_required', phone: 'phone_invalid', email: 'email_invalid', kind: 'invalid', owner_id: 'owner_invalid',
    });
  });

  it('a missing name and an over-long company', () => {
    const r = CustomerInput.safeParse({ company: '公'.repeat(201) });
    expect(customerFieldErrors(r.error!)).toEqual({ name: 'name_required', company: 'too_long' });
  });
});

describe('CustomerListQuery', () => {
  it('defaults: no search, no filters, by priority', () => {
    expect(listQueryFromSearchParams({})).toEqual({ q: '', risk: false, sort: 'priority' });
  });

  it('takes the first of repeated params and drops values that are not tags', () => {
    expect(listQueryFromSearchParams({ q: [' zs ', 'x'], rel: 'loyal', stage: 'nonsense', value: 'high', life: 'active', risk: '1', sort: 'contact' }))
      .toEqual({ q: 'zs', rel: 'loyal', stage: undefined, value: 'high', life: 'active', risk: true, sort: 'contact' });
    expect(CustomerListQuery.parse({ sort: 'bogus', cursor: 5 })).toMatchObject({ sort: 'priority', cursor: null });
  });

  it('URLs leave the defaults out, so the plain list stays /customers', () => {
    expect(customersHref({ q: '', risk: false, sort: 'priority' })).toBe('/customers');
    expect(customersHref({ q: '张', rel: 'loyal', risk: true, sort: 'name' })).toBe('/customers?q=%E5%BC%A0&rel=loyal&risk=1&sort=name');
    const round = listQueryFromSearchParams(Object.fromEntries(new URLSearchParams(customersHref({ q: 'zs', stage: 'opportunity', sort: 'contact', risk: false }).split('?')[1])));
    expect(round).toEqual({ q: 'zs', stage: 'opportunity', risk: false, sort: 'contact', rel: undefined, value: undefined, life: undefined });
  });
});
