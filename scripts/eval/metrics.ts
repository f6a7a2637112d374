// The numbers `npm run eval:classify` prints, as pure functions (tests/unit/eval/metrics.test.ts
// checks each on hand-made examples). Kept apart from the script so a wrong metric cannot hide
// behind a database run: every figure in docs/engine.md "Evaluation" comes from these.

export type Confusion<L extends string> = { labels: readonly L[]; predicted: readonly string[]; matrix: number[][] };

/** Rows = true label (in `labels` order), columns = predicted (`labels` then any other value seen, e.g. undetermined). */
export function confusion<L extends string>(labels: readonly L[], pairs: readonly { truth: L; predicted: string }[]): Confusion<L> {
  const predicted = [...labels as readonly string[]];
  for (const p of pairs) if (!predicted.includes(p.predicted)) predicted.push(p.predicted);
  const matrix = labels.map(() => predicted.map(() => 0));
  for (const p of pairs) {
    const i = labels.indexOf(p.truth);
    if (i < 0) throw new Error(`unknown true label ${p.truth}`);
    matrix[i]![predicted.indexOf(p.predicted)]!++;
  }
  return { labels, predicted, matrix };
}

export type ClassScores = { label: string; precision: number; recall: number; f1: number; support: number };

/**
 * Per-class precision, recall and F1, and their macro average. A prediction outside `labels`
 * (待判断) counts against recall and against no class's precision. 0/0 is 0.
 */
export function classScores<L extends string>(c: Confusion<L>): { perClass: ClassScores[]; macroF1: number; accuracy: number } {
  const perClass = c.labels.map((label, i) => {
    const tp = c.matrix[i]![i]!;
    const support = c.matrix[i]!.reduce((a, b) => a + b, 0);
    const predictedAs = c.matrix.reduce((a, row) => a + row[i]!, 0);
    const precision = predictedAs ? tp / predictedAs : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  const total = c.matrix.flat().reduce((a, b) => a + b, 0);
  const correct = c.labels.reduce((a, _, i) => a + c.matrix[i]![i]!, 0);
  return {
    perClass,
    macroF1: perClass.reduce((a, s) => a + s.f1, 0) / Math.max(1, perClass.length),
    accuracy: total ? correct / total : 0,
  };
}

/**
 * ROC AUC = P(score of a random positive > score of a random negative), ties counting ½
 * (the Mann–Whitney U statistic over n⁺·n⁻). Ties matter here: a score that clusters on a few
 * values earns only half credit for every tied pair. NaN when either class is empty.
 */
export function auc(items: readonly { score: number; positive: boolean }[]): number {
  const sorted = [...items].sort((a, b) => a.score - b.score);
  let pos = 0;
  let neg = 0;
  let rankSumPos = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) j++;
    const avgRank = (i + 1 + j) / 2; // ranks i+1 … j share their mean
    for (let k = i; k < j; k++) {
      if (sorted[k]!.positive) {
        pos++;
        rankSumPos += avgRank;
      } else neg++;
    }
    i = j;
  }
  if (!pos || !neg) return Number.NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

export type CalibrationBin = { lo: number; hi: number; count: number; meanConfidence: number; accuracy: number };

/**
 * Reliability table over `bins` equal-width confidence bins ([0, 1/b), …, [1 − 1/b, 1]) and the
 * expected calibration error ECE = Σ (n_bin / n) · |accuracy_bin − mean confidence_bin|.
 */
export function calibration(items: readonly { confidence: number; correct: boolean }[], bins = 10): { bins: CalibrationBin[]; ece: number } {
  const out: CalibrationBin[] = Array.from({ length: bins }, (_, i) => ({ lo: i / bins, hi: (i + 1) / bins, count: 0, meanConfidence: 0, accuracy: 0 }));
  for (const it of items) {
    if (!(it.confidence >= 0 && it.confidence <= 1)) throw new RangeError(`confidence must be in [0, 1], got ${it.confidence}`);
    const b = out[Math.min(bins - 1, Math.floor(it.confidence * bins))]!;
    b.count++;
    b.meanConfidence += it.confidence;
    b.accuracy += it.correct ? 1 : 0;
  }
  let ece = 0;
  for (const b of out) {
    if (!b.count) continue;
    b.meanConfidence /= b.count;
    b.accuracy /= b.count;
    ece += (b.count / items.length) * Math.abs(b.accuracy - b.meanConfidence);
  }
  return { bins: out, ece };
}

/** Changes of value between consecutive observations of one sequence (undefined/null steps skipped). */
export function flips(sequence: readonly (string | null | undefined)[]): number {
  let n = 0;
  let prev: string | null | undefined;
  for (const v of sequence) {
    if (v === undefined || v === null) continue;
    if (prev !== undefined && prev !== null && v !== prev) n++;
    prev = v;
  }
  return n;
}

/** Cohen's kappa for two raters over the same items: agreement beyond what their marginals give by chance. */
export function cohenKappa(pairs: readonly { a: string; b: string }[]): number {
  if (!pairs.length) return Number.NaN;
  const n = pairs.length;
  const agree = pairs.filter((p) => p.a === p.b).length / n;
  const count = (k: 'a' | 'b') => pairs.reduce((m, p) => m.set(p[k], (m.get(p[k]) ?? 0) + 1), new Map<string, number>());
  const ca = count('a');
  const cb = count('b');
  let chance = 0;
  for (const [v, x] of ca) chance += (x / n) * ((cb.get(v) ?? 0) / n);
  return chance === 1 ? 1 : (agree - chance) / (1 - chance);
}

// ---------------------------------------------------------------------------------------------
// Printing

export const fmt = (x: number, digits = 2) => (Number.isNaN(x) ? '—' : x.toFixed(digits));

/** A plain text table, columns padded to their widest cell (CJK counted as two columns). */
export function table(head: string[], rows: (string | number)[][]): string {
  const width = (s: string) => [...s].reduce((a, ch) => a + (/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) => '| ' + r.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join(' | ') + ' |';
  return [line(head), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...cells.slice(1).map(line)].join('\n');
}
