// POST /functions/v1/recompute-tags — recompute customer profiles and tags for an org
// body: { org_id, customer_ids?, as_of?, full? }; service key only. Answers the counts written.
// A whole-org call classifies only the customers that changed since the last whole-org run, or
// that time alone may have changed by this as_of (see _shared/recompute.ts); `full: true`
// classifies every customer regardless. The answer carries the invocation's CPU and peak RSS.
import process from 'node:process';
import { z } from 'npm:zod@^4.6.7';
import { RulesError } from '../../../lib/engine/index.ts';
import { db, json, problem, serviceJson } from '../_shared/http.ts';
import { recompute, RecomputeError } from '../_shared/recompute.ts';

const Body = z.strictObject({
  org_id: z.uuid(),
  customer_ids: z.array(z.uuid()).min(1).max(50_000).optional(),
  as_of: z.iso.datetime({ offset: true }).optional(),
  full: z.boolean().optional(),
});

Deno.serve(async (req) => {
  const input = await serviceJson(req);
  if (input instanceof Response) return input;
  const body = Body.safeParse(input.raw);
  if (!body.success)
    return problem(400, 'invalid_body', '请求参数有误', 'invalid request body', body.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  // what the platform bills an invocation for (Supabase: 2 s CPU, 256 MB): CPU of this process
  // during the call and its peak RSS, sampled — answered so bench:recompute can print them
  const cpu0 = process.cpuUsage();
  let peak = Deno.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, Deno.memoryUsage().rss)), 20);
  try {
    const out = await recompute(db(), body.data);
    const cpu = process.cpuUsage(cpu0);
    peak = Math.max(peak, Deno.memoryUsage().rss);
    return json(200, { ...out, usage: { cpu_ms: Math.round((cpu.user + cpu.system) / 1000), peak_rss_mb: Math.round(peak / 2 ** 20) } });
  } catch (err) {
    if (err instanceof RecomputeError) return problem(err.status, err.code, '找不到该组织', err.message);
    if (err instanceof RulesError) return problem(422, 'invalid_rules', '该组织的分类规则无效', err.message, err.issues);
    throw err;
  } finally {
    clearInterval(sampler);
  }
});
