// Needs (seed 003 客户需求): 产品客户 mainly buys products, 服务客户 mainly services,
// 综合需求客户 buys both. Before any order, whatever the rep declared on the customer.
import type { CustomerFeatures } from './features.ts';
import type { Needs } from './labels.ts';
import { reason, type Reason } from './reasons.ts';
import type { Rules } from './rules.ts';

export type NeedsResult = { needs: Needs | null; reasons: Reason[] };

export function classifyNeeds(f: CustomerFeatures, rules: Rules): NeedsResult {
  const product = f.product_orders;
  const service = f.service_orders;
  const total = product + service;
  if (total === 0) {
    return f.declared_needs
      ? { needs: f.declared_needs, reasons: [reason('needs.declared', { needs: f.declared_needs })] }
      : { needs: null, reasons: [reason('needs.unknown', {})] };
  }
  const minor = Math.min(product, service);
  const params = { product, service };
  if (minor > 0 && minor / total >= rules.needs.both_min_share) return { needs: 'both', reasons: [reason('needs.both', params)] };
  const needs: Needs = product >= service ? 'product' : 'service';
  return { needs, reasons: [reason(`needs.${needs}`, params)] };
}
