// Shared by the edit and recall routes: their refusals, in the words of messages/*.json → api.interactions.
import { bilingual, problem } from '@/lib/http/problem.ts';
import type { ChangeRefusal } from '@/lib/db/queries/interactions.ts';

export function refusal(why: ChangeRefusal, action: 'edit' | 'recall') {
  switch (why) {
    case 'not_found':
      return problem(404, 'not_found', bilingual('interactions.not_found'));
    case 'not_author':
      return problem(403, 'not_author', bilingual('interactions.not_author'));
    case 'too_late':
      return action === 'edit'
        ? problem(403, 'edit_too_late', bilingual('interactions.edit_too_late'))
        : problem(403, 'recall_too_late', bilingual('interactions.recall_too_late'));
  }
}
