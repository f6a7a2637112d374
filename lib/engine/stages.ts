// Seed 002's four kinds of prospect: the funnel stage an observation means (attitude × cognition)
// and the next move for each stage. Plain data, shared by the engine (funnel.ts), the reminder
// playbook and the log sheet — which imports this module on the phone, not the engine's bigger
// ones (docs/benchmarks-web.md).
import type { Observation } from './features.ts';
import type { FunnelStage } from './labels.ts';

const MATRIX: Record<Observation['attitude'], Record<Observation['cognition'], FunnelStage>> = {
  doubt: { vague: 'potential', specific: 'intent' },
  accept: { vague: 'wait_and_see', specific: 'opportunity' },
};

export function stageOf(attitude: Observation['attitude'], cognition: Observation['cognition']): FunnelStage {
  return MATRIX[attitude][cognition];
}

// seed 002 四类客户 — the next move for each stage, in the article's own terms
export const STAGE_MOVES: Record<string, { zh: string; en: string }> = {
  potential: { zh: '用细节和数据让客户看到问题的代价（“感受到刺的痛”）', en: 'show data on their problem and what it costs them' },
  wait_and_see: { zh: '展示同行案例，降低客户对改变代价的担心', en: 'send case studies from their peers to ease the cost of change' },
  intent: { zh: '找到客户的购买动机：客户只会因为动机下单', en: 'find the buyer’s motive — customers buy on motive, not need' },
  opportunity: { zh: '对客户担忧的购买风险做出承诺，并管理好期望', en: 'commit on the risks they worry about and manage expectations' },
};
