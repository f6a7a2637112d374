// The evaluation's metric functions (scripts/eval/metrics.ts) on hand-made examples whose answers
// are worked out by hand here, so a figure in docs/engine.md "Evaluation" is only as wrong as the
// data, never the arithmetic.
import { describe, expect, it } from 'vitest';
import { auc, calibration, classScores, cohenKappa, confusion, flips, table } from '../../../scripts/eval/metrics.ts';

const L = ['a', 'b', 'c'] as const;
const pairs = (spec: [string, string, number][]) => spec.flatMap(([truth, predicted, n]) => Array.from({ length: n }, () => ({ truth: truth as (typeof L)[number], predicted })));

describe('confusion matrix and F1', () => {
  // truth a: 8 right, 2 → b;  truth b: 6 right, 1 → a, 3 → undetermined;  truth c: 5 right, 5 → b
  const c = confusion(L, pairs([['a', 'a', 8], ['a', 'b', 2], ['b', 'b', 6], ['b', 'a', 1], ['b', 'undetermined', 3], ['c', 'c', 5], ['c', 'b', 5]]));

  it('rows are the truth, columns the prediction; a value outside the labels gets its own column', () => {
    expect(c.predicted).toEqual(['a', 'b', 'c', 'undetermined']);
    expect(c.matrix).toEqual([
      [8, 2, 0, 0],
      [1, 6, 0, 3],
      [0, 5, 5, 0],
    ]);
  });

  it('known matrix → known precision, recall, F1, macro-F1 and accuracy', () => {
    const s = classScores(c);
    // a: P = 8/9, R = 8/10, F1 = 2·(8/9)(8/10)/((8/9)+(8/10)) = 16/19
    expect(s.perClass[0]!.precision).toBeCloseTo(8 / 9, 12);
    expect(s.perClass[0]!.recall).toBeCloseTo(0.8, 12);
    expect(s.perClass[0]!.f1).toBeCloseTo(16 / 19, 12);
    // b: P = 6/13, R = 6/10 (待判断 counts against recall only), F1 = 12/23
    expect(s.perClass[1]!.precision).toBeCloseTo(6 / 13, 12);
    expect(s.perClass[1]!.recall).toBeCloseTo(0.6, 12);
    expect(s.perClass[1]!.f1).toBeCloseTo(12 / 23, 12);
    // c: P = 1, R = 1/2, F1 = 2/3
    expect(s.perClass[2]!.f1).toBeCloseTo(2 / 3, 12);
    expect(s.macroF1).toBeCloseTo((16 / 19 + 12 / 23 + 2 / 3) / 3, 12);
    expect(s.accuracy).toBeCloseTo(19 / 30, 12);
    expect(s.perClass.map((x) => x.support)).toEqual([10, 10, 10]);
  });

  it('a class never predicted and never true scores 0, not NaN', () => {
    const s = classScores(confusion(L, pairs([['a', 'a', 3]])));
    expect(s.perClass.map((x) => x.f1)).toEqual([1, 0, 0]);
  });

  it('rejects a truth outside the labels (a typo in a labels file must not vanish)', () => {
    expect(() => confusion(L, [{ truth: 'x' as 'a', predicted: 'a' }])).toThrow(/unknown true label/);
  });
});

describe('AUC', () => {
  it('perfect separation is 1, reversed is 0', () => {
    expect(auc([{ score: 0.9, positive: true }, { score: 0.8, positive: true }, { score: 0.1, positive: false }])).toBe(1);
    expect(auc([{ score: 0.1, positive: true }, { score: 0.9, positive: false }])).toBe(0);
  });

  it('known scores → known AUC: 3 positives × 3 negatives, one pair wrong and one tied → (9 − 1 − ½)/9', () => {
    const items = [
      { score: 0.9, positive: true },
      { score: 0.7, positive: true },
      { score: 0.4, positive: true },
      { score: 0.6, positive: false },
      { score: 0.4, positive: false },
      { score: 0.1, positive: false },
    ];
    // pairs: 0.9 beats all 3; 0.7 beats all 3; 0.4 loses to 0.6, ties 0.4, beats 0.1 → 7.5 / 9
    expect(auc(items)).toBeCloseTo(7.5 / 9, 12);
  });

  it('a score stuck on one value earns exactly ½, however many customers', () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ score: 0.78, positive: i % 3 === 0 }));
    expect(auc(items)).toBe(0.5);
  });

  it('is NaN without both classes', () => {
    expect(auc([{ score: 1, positive: true }])).toBeNaN();
  });
});

describe('calibration (reliability table and ECE)', () => {
  it('known bins → known ECE', () => {
    // bin 0.2–0.3: four at 0.25, one right (accuracy 0.25) → gap 0
    // bin 0.8–0.9: four at 0.85, two right (accuracy 0.5) → gap 0.35
    // bin 0.9–1.0: two at 1.0 (the top edge lands in the last bin), both right → gap 0
    const items = [
      ...[true, false, false, false].map((correct) => ({ confidence: 0.25, correct })),
      ...[true, true, false, false].map((correct) => ({ confidence: 0.85, correct })),
      { confidence: 1, correct: true },
      { confidence: 1, correct: true },
    ];
    const c = calibration(items, 10);
    expect(c.bins[2]).toMatchObject({ count: 4, accuracy: 0.25 });
    expect(c.bins[2]!.meanConfidence).toBeCloseTo(0.25, 12);
    expect(c.bins[8]).toMatchObject({ count: 4, accuracy: 0.5 });
    expect(c.bins[9]).toMatchObject({ count: 2, accuracy: 1, meanConfidence: 1 });
    expect(c.ece).toBeCloseTo((4 / 10) * 0.35, 12);
  });

  it('a perfectly calibrated set has ECE 0; an over-confident one its gap', () => {
    expect(calibration([{ confidence: 0.5, correct: true }, { confidence: 0.5, correct: false }]).ece).toBeCloseTo(0, 12);
    expect(calibration([{ confidence: 0.95, correct: false }]).ece).toBeCloseTo(0.95, 12);
  });

  it('rejects a confidence outside [0, 1]', () => {
    expect(() => calibration([{ confidence: 1.2, correct: true }])).toThrow(RangeError);
  });
});

describe('flips and agreement', () => {
  it('counts changes between consecutive values, skipping missing steps', () => {
    expect(flips(['loyal', 'loyal', 'autonomous', 'loyal', 'loyal'])).toBe(2);
    expect(flips(['loyal', null, 'loyal', undefined, 'dependent'])).toBe(1);
    expect(flips([])).toBe(0);
  });

  it("Cohen's κ: 1 for full agreement, 0 for agreement no better than chance", () => {
    expect(cohenKappa([{ a: 'x', b: 'x' }, { a: 'y', b: 'y' }])).toBe(1);
    // a says x,x,y,y; b says x,y,x,y: observed 0.5, chance 0.5 → 0
    expect(cohenKappa([{ a: 'x', b: 'x' }, { a: 'x', b: 'y' }, { a: 'y', b: 'x' }, { a: 'y', b: 'y' }])).toBeCloseTo(0, 12);
  });

  it('tables pad Chinese as two columns', () => {
    expect(table(['类型', 'n'], [['自主型', 1]]).split('\n')[2]).toBe('| 自主型 | 1 |');
  });
});
