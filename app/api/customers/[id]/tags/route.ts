// POST /api/customers/[id]/tags — add a manual tag {tag}; DELETE — remove one {tag}
// Manual tags only (customer_tags kind 'manual', created_by = the caller; RLS allows nothing
// else). A trigger records each add/remove in tag_changes, which the timeline shows. The engine
// does not read manual tags, but one may shadow a computed tag of the same key (a manual tag
// wins), so the customer is recomputed after a change like after every other write.
// POST: 201 {tag, added: true}, 200 {tag, added: false} already there. DELETE: 200 {tag, removed}.
// Problems: 400 bad input (a tag is 1–20 characters), 401, 403 not your customer, 404 not an id,
// 409 a computed tag already has that name.
import { after, NextResponse } from 'next/server';
import { z } from 'zod';
import { addManualTag, customerVisible, removeManualTag } from '@/lib/db/queries/tags.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { recomputeSoon } from '@/lib/functions/invoke.ts';
import { bilingual, problem } from '@/lib/http/problem.ts';
import { memberRoute, pgErrorCode } from '@/lib/http/route.ts';
import { TagInput, type TagResponse } from '@/lib/validation/tag.ts';

const opts = { body: TagInput, maxBytes: 1024 } as const;
const forbidden = () => problem(403, 'forbidden', bilingual('tags.forbidden'));
const answer = (body: TagResponse, status = 200) => NextResponse.json(body, { status, headers: { 'cache-control': 'no-store' } });

export const POST = memberRoute<typeof TagInput, { id: string }>(
  { ...opts, name: 'POST /api/customers/[id]/tags' },
  async ({ claims, member, body, params }) => {
    const id = z.uuid().safeParse(params.id);
    if (!id.success) return problem(404, 'not_found', bilingual('not_found'));
    let result;
    try {
      result = await withRls(claims, async (tx) =>
        (await customerVisible(tx, id.data)) ? addManualTag(tx, { customerId: id.data, tag: body.tag }) : null,
      );
    } catch (err) {
      if (pgErrorCode(err) === '42501') return forbidden();
      throw err;
    }
    if (result === null) return forbidden();
    if (result === 'taken') return problem(409, 'tag_taken', bilingual('tags.taken'));
    if (result === 'added') after(() => recomputeSoon(member.org_id, [id.data]));
    return answer({ tag: body.tag, added: result === 'added' }, result === 'added' ? 201 : 200);
  },
);

export const DELETE = memberRoute<typeof TagInput, { id: string }>(
  { ...opts, name: 'DELETE /api/customers/[id]/tags' },
  async ({ claims, member, body, params }) => {
    const id = z.uuid().safeParse(params.id);
    if (!id.success) return problem(404, 'not_found', bilingual('not_found'));
    const removed = await withRls(claims, async (tx) =>
      (await customerVisible(tx, id.data)) ? removeManualTag(tx, { customerId: id.data, tag: body.tag }) : null,
    );
    if (removed === null) return forbidden();
    if (removed) after(() => recomputeSoon(member.org_id, [id.data]));
    return answer({ tag: body.tag, removed });
  },
);
