// Profiles as CSV with a UTF-8 BOM, so Excel opens the Chinese text correctly.
import { stringify } from 'csv-stringify/sync';
import type { ProfileExportRow } from '../db/queries/profiles.ts';
import { type ReadAt, renderReason } from '../engine/reasons.ts';
import { guardRow } from './csv-guard.ts';

export const PROFILE_COLUMNS = ['external_id', 'name', 'relationship_type', 'relationship_secondary', 'funnel_stage', 'value_tier',
  'lifecycle', 'loyalty', 'churn_risk', 'needs', 'tags', 'reasons'] as const;

export function profilesCsv(rows: ProfileExportRow[], at: ReadAt = { now: new Date().toISOString(), timeZone: 'Asia/Shanghai' }): string {
  const records = rows.map((r) => guardRow([
    r.external_id ?? '', r.name, r.relationship_type ?? '', r.relationship_secondary ?? '', r.funnel_stage ?? '', r.value_tier ?? '',
    r.lifecycle ?? '', r.loyalty ?? '', r.churn_risk === null ? '' : r.churn_risk.toFixed(2), r.needs ?? '', r.tags.join('；'),
    Object.values(r.reasons ?? {}).flat().map((x) => renderReason(x, 'zh', at)).join('；'), // "N 天" counted now
  ]));
  return '\ufeff' + stringify([[...PROFILE_COLUMNS], ...records]);
}
