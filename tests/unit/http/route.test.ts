// The route helpers: bodies read under a limit, zod issues turned into one zh/en sentence per field.
import { describe, expect, it } from 'vitest';
import { fieldProblems } from '../../../lib/http/problem.ts';
import { readJsonBody } from '../../../lib/http/route.ts';
import { InteractionInput } from '../../../lib/validation/interaction.ts';

const good = {
  id: '5b1f3c8e-8d1a-4c1e-9a57-2f0b6c1d9e01',
  customer_id: '0f4c2b7a-3e9d-4b6a-8c1f-7d2e5a9b3c40',
  kind: 'visit',
  occurred_at: '2026-11-20T06:30:00Z',
};

function problemsFor(body: unknown) {
  const parsed = InteractionInput.safeParse(body);
  expect(parsed.success).toBe(false);
  return fieldProblems(parsed.error!, body);
}

describe('fieldProblems', () => {
  it('names a missing field as required, in both languages', () => {
    const { kind: _omit, ...rest } = good;
    expect(problemsFor(rest)).toEqual({ kind: { zh: '请填写互动方式', en: 'Interaction kind is required' } });
  });

  it('lists the allowed values of an enum', () => {
    expect(problemsFor({ ...good, attitude: 'maybe' }).attitude).toEqual({
      zh: '态度只能是以下之一：accept, doubt',
      en: 'Attitude must be one of: accept, doubt',
    });
  });

  it('says how long a text may be', () => {
    expect(problemsFor({ ...good, note: 'x'.repeat(20_000) }).note?.zh).toBe('备注太长了（最多 5000 个字）');
  });

  it('tells a missing date from an unreadable one (coercion hides the difference from zod)', () => {
    const { occurred_at: _omit, ...rest } = good;
    expect(problemsFor(rest).occurred_at?.zh).toBe('请填写时间');
    expect(problemsFor({ ...good, occurred_at: 'yesterday' }).occurred_at?.zh).toBe('时间不是有效的日期时间');
  });

  it('numbers: whole and in range', () => {
    expect(problemsFor({ ...good, duration_min: 1.5 }).duration_min?.zh).toBe('时长（分钟）必须是整数');
    expect(problemsFor({ ...good, duration_min: 2000 }).duration_min?.zh).toBe('时长（分钟）不能大于 1440');
  });

  it('a body that is not an object is filed under "body"', () => {
    expect(problemsFor([1, 2]).body?.zh).toBe('请求内容的类型不对');
    expect(problemsFor(null).body?.en).toBe('The request body has the wrong type');
  });

  it('one message per field, several fields at once', () => {
    const p = problemsFor({ ...good, id: 'nope', kind: 'dance', cognition: 3 });
    expect(Object.keys(p).sort()).toEqual(['cognition', 'id', 'kind']);
    expect(p.id?.zh).toBe('记录编号的格式不对');
  });
});

const request = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request('http://localhost/api/x', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

describe('readJsonBody', () => {
  it('parses JSON', async () => {
    expect(await readJsonBody(request('{"a":1}'), 100)).toEqual({ ok: true, value: { a: 1 } });
  });

  it('refuses what is not JSON, or not UTF-8', async () => {
    expect(await readJsonBody(request('kind=visit'), 100)).toEqual({ ok: false, reason: 'invalid_json' });
    expect(await readJsonBody(request(new Uint8Array([0x22, 0xff, 0x22])), 100)).toEqual({ ok: false, reason: 'invalid_json' });
    expect(await readJsonBody(request(''), 100)).toEqual({ ok: false, reason: 'invalid_json' });
  });

  it('stops at the limit by Content-Length, and by counting a stream that declares none', async () => {
    expect(await readJsonBody(request('{}', { 'content-length': '101' }), 100)).toEqual({ ok: false, reason: 'too_large' });
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode('x'.repeat(20)));
        c.close();
      },
    });
    expect(await readJsonBody(request(chunks), 100)).toEqual({ ok: false, reason: 'too_large' });
  });
});
