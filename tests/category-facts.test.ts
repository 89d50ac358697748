import { describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../src/scoring/analyze.js';
import { categoryFacts } from '../src/report/report-facts.js';
import { demoInputs } from './support/demo-scenario.js';

/** The counts as the definition reads them: per category and level, a filter over the scored communities. */
function reference(analysis: Analysis, category: string) {
  const scored = analysis.communities.filter((s) => s.scored);
  const levels = analysis.standard.levels.map((l) => l.id);
  return {
    missing: Object.fromEntries(levels.map((l) => [l, scored.filter((s) => s.missing[l]?.includes(category)).length])),
    applicable: scored.filter((s) => s.rules.some((r) => r.rule.category === category)).length,
    applicableAt: Object.fromEntries(levels.map((l) => [l, scored.filter((s) => s.rules.some((r) => r.rule.category === category && r.rule.level === l)).length])),
  };
}

describe('categoryFacts counts', () => {
  const demo = analyze(demoInputs());

  it('equal a filter per category and level, on the demo district', () => {
    const facts = categoryFacts(demo);
    expect(facts.map((f) => ({ missing: f.missing, applicable: f.applicable, applicableAt: f.applicableAt })))
      .toEqual(demo.categories.map((c) => reference(demo, c)));
    expect(facts.some((f) => Object.values(f.missing).some((n) => n > 0))).toBe(true);
  });

  it('count a community once however often it names a category (a missing list with repeats)', () => {
    const category = demo.categories[0];
    const level = demo.standard.levels[0].id;
    const tampered = {
      ...demo,
      communities: demo.communities.map((s, i) => (i % 2 === 0 && s.scored ? { ...s, missing: { ...s.missing, [level]: [category, category, ...(s.missing[level] ?? [])] } } : s)),
    };
    const facts = categoryFacts(tampered);
    expect(facts.map((f) => [f.missing, f.applicable, f.applicableAt])).toEqual(demo.categories.map((c) => {
      const r = reference(tampered, c);
      return [r.missing, r.applicable, r.applicableAt];
    }));
  });
});
