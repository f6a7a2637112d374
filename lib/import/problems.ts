// zh/en texts for the data screen's routes and actions (import, merge, export), from
// messages/*.json → data.problems, in the `{ error, message: { zh, en } }` shape of lib/http/problem.ts.
import type zh from '../../messages/zh-CN.json';
import { type Bilingual, problem, say } from '../http/problem.ts';

export type DataProblemKey = keyof (typeof zh)['data']['problems'];

export const dataMessage = (key: DataProblemKey): Bilingual => say(`data.problems.${key}`);

export const dataProblem = (status: number, key: DataProblemKey) => problem(status, key, dataMessage(key));
