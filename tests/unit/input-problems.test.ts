// inputProblems (lib/validation/problems.ts): the one way server actions and forms turn a zod error
// into codes, replacing three hand-rolled ones (issue 13, "Structure"). Tried: a schema's own code
// in `message`, a refinement's `params.key`, zod's English prose (→ 'invalid', never shown), two
// issues on one field (the first wins), an issue on the input as a whole (→ 'form'), and a nested
// path (filed under its top-level field).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bilingual, say } from '../../lib/http/problem.ts';
import en from '../../messages/en.json';
import zh from '../../messages/zh-CN.json';
import { customerFieldErrors, CustomerInput } from '../../lib/validation/customer.ts';
import { MemberInput } from '../../lib/validation/member.ts';
import { inputProblems } from '../../lib/validation/problems.ts';

describe('inputProblems', () => {
  it('uses the code a schema names, and "invalid" for zod’s own wording', () => {
    const S = z
      .object({
        name: z.string().min(1, { message: 'required' }),
        email: z.email(),
        when: z.string().refine((v) => v !== 'x', { params: { key: 'date_out_of_range' } }),
        items: z.array(z.object({ n: z.number() })),
      })
      .refine(() => false, { message: 'form_level' });
    const problems = inputProblems(S.safeParse({ name: '', email: 'nope', when: 'x', items: [{ n: 'a' }] }).error!);
    expect(problems).toEqual({ name: 'required', email: 'invalid', when: 'date_out_of_range', items: 'invalid' });
    expect(inputProblems(z.object({}).refine(() => false, { message: 'form_level' }).safeParse({}).error!)).toEqual({ form: 'form_level' });
  });

  it('keeps the first issue per field', () => {
    const S = z.object({ password: z.string().min(8, { message: 'password_short' }).regex(/\d/, { message: 'needs_digit' }) });
    expect(inputProblems(S.safeParse({ password: 'abc' }).error!)).toEqual({ password: 'password_short' });
  });

  it('gives the add-member action the codes it has words for (what its hand-rolled loop gave)', () => {
    const parsed = MemberInput.safeParse({ display_name: ' ', phone: '123', role: 'rep', password: 'short' });
    expect(inputProblems(parsed.error!)).toEqual({ display_name: 'required', phone: 'phone', password: 'password_short', team_id: 'team_required' });
    const neither = MemberInput.safeParse({ display_name: '王五', role: 'manager', password: 'longenough' });
    expect(inputProblems(neither.error!)).toEqual({ phone: 'email_or_phone', team_id: 'team_required' });
  });

  it('gives the customer form its field codes through customerFieldErrors', () => {
    const parsed = CustomerInput.safeParse({ name: '', phone: 'abc', email: 'x' });
    expect(parsed.success).toBe(false);
    const fields = customerFieldErrors(parsed.error!);
    expect(fields.name).toBe('name_required');
    expect(fields.phone).toBe('phone_invalid');
    expect(fields.email).toBe('email_invalid');
  });
});

// say() (lib/http/problem.ts): the one zh/en builder that replaced the routes' own translators
// (data.problems, push.invalid, reminders.api, team.errors, publicSurvey). Tried: a plain message,
// an ICU select with a value, a nested path — each must give the JSON's text in both languages.
describe('say', () => {
  it('reads both languages of any message path, with ICU values', () => {
    expect(say('data.problems.import_interrupted')).toEqual({ zh: zh.data.problems.import_interrupted, en: en.data.problems.import_interrupted });
    expect(say('team.errors.customer_not_found')).toEqual({ zh: zh.team.errors.customer_not_found, en: en.team.errors.customer_not_found });
    const closed = say('reminders.api.alreadyClosed', { status: 'done' });
    expect(closed.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(closed.en).toMatch(/[a-z]/);
    expect(closed.zh).not.toContain('{');
    expect(bilingual('not_found')).toEqual(say('api.not_found'));
  });
});
