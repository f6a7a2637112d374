// zh/en texts for the data screen's routes and actions (import, merge, export), from
// messages/*.json → data.problems, in the `{ error, message: { zh, en } }` shape of lib/http/problem.ts.
import { createTranslator } from 'next-intl';
import en from '../../messages/en.json';
import zh from '../../messages/zh-CN.json';
import { type Bilingual, problem } from '../http/problem.ts';

export type DataProblemKey = keyof (typeof zh)['data']['problems'];

const tZh = createTranslator({ locale: 'zh-CN', messages: zh, namespace: 'data.problems' });
const tEn = createTranslator({ locale: 'en', messages: en, namespace: 'data.problems' });

export function dataMessage(key: DataProblemKey): Bilingual {
  return { zh: tZh(key), en: tEn(key) };
}

export function dataProblem(status: number, key: DataProblemKey) {
  return problem(status, key, dataMessage(key));
}
