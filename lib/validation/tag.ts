// One zod schema for a rep's own tag on a customer (customer_tags kind 'manual'): the tag sheet
// and POST/DELETE /api/customers/[id]/tags. A tag is a chip, so it is short and one line; a
// leading "#" (how tags are shown) is not part of it.
import './zod-csp.ts';
import { z } from 'zod';

export const TAG_MAX = 20;

export const normaliseTag = (s: string) => s.replace(/\s+/g, ' ').trim().replace(/^[#＃]+\s*/, '');

export const TagName = z
  .string()
  .transform(normaliseTag)
  .pipe(z.string().min(1).max(TAG_MAX).regex(/^[^\p{Cc}]+$/u));

export const TagInput = z.object({ tag: TagName });
export type TagInput = z.infer<typeof TagInput>;

export type TagResponse = { tag: string; added?: boolean; removed?: boolean };
