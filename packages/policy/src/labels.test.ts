import { describe, expect, it } from 'vitest';
import { joinLabels, labelCovers, TRUSTED, untrusted, wholeLabel, taintOutputLabel, type Label, type Source } from './index.js';

/** The definition, written the slow and obvious way. */
function reference(labels: Label[]): Label {
  const all = labels.filter((l) => l.trust === 'untrusted');
  if (all.length === 0) return TRUSTED;
  const keys = new Map<string, Source>();
  for (const l of all) for (const s of l.sources) keys.set(`${s.step}\u0000${s.tool}`, { step: s.step, tool: s.tool });
  const sources = [...keys.values()].sort((a, b) => (a.step < b.step ? -1 : a.step > b.step ? 1 : a.tool < b.tool ? -1 : a.tool > b.tool ? 1 : 0));
  return { trust: 'untrusted', sources };
}

/** A small deterministic PRNG, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function randomLabel(r: () => number): Label {
  if (r() < 0.2) return TRUSTED;
  const n = Math.floor(r() * (r() < 0.3 ? 40 : 4));
  const sources: Source[] = [];
  for (let i = 0; i < n; i++) sources.push({ step: `s${Math.floor(r() * 30)}`, tool: `t${Math.floor(r() * 3)}` });
  // Half canonical (as the engine makes them), half as a user might hand-write them.
  return r() < 0.5 ? untrusted(...sources) : { trust: 'untrusted', sources };
}

const plain = (l: Label) => ({ trust: l.trust, sources: l.sources.map((s) => ({ step: s.step, tool: s.tool })) });

describe('joinLabels', () => {
  it('matches the definition on 5,000 random joins (canonical and hand-written labels, small and large)', () => {
    const r = rng(42);
    for (let i = 0; i < 5_000; i++) {
      const labels = Array.from({ length: 1 + Math.floor(r() * 4) }, () => randomLabel(r));
      const got = joinLabels(...labels);
      const want = reference(labels);
      if (labels.filter((l) => l.trust === 'untrusted').length === 1) {
        // A single untrusted label is returned as it is.
        expect(got).toBe(labels.find((l) => l.trust === 'untrusted'));
      } else {
        expect(plain(got), JSON.stringify(labels)).toEqual(plain(want));
      }
    }
  });

  it('is commutative, associative and idempotent', () => {
    const r = rng(7);
    for (let i = 0; i < 1_000; i++) {
      const a = untrusted(...randomLabel(r).sources);
      const b = untrusted(...randomLabel(r).sources);
      const c = untrusted(...randomLabel(r).sources);
      expect(plain(joinLabels(a, b))).toEqual(plain(joinLabels(b, a)));
      expect(plain(joinLabels(joinLabels(a, b), c))).toEqual(plain(joinLabels(a, joinLabels(b, c))));
      expect(plain(joinLabels(a, a))).toEqual(plain(a));
    }
  });

  it('the join covers each of its inputs (labels only grow)', () => {
    const r = rng(99);
    for (let i = 0; i < 1_000; i++) {
      const a = randomLabel(r);
      const b = randomLabel(r);
      const j = joinLabels(a, b);
      expect(labelCovers(j, a)).toBe(true);
      expect(labelCovers(j, b)).toBe(true);
    }
  });

  it('adds one source to a large label in order', () => {
    const big = untrusted(...Array.from({ length: 100 }, (_, i) => ({ step: `s${String(i).padStart(3, '0')}`, tool: 't' })));
    const joined = joinLabels(big, untrusted({ step: 's050x', tool: 't' }), untrusted({ step: 'a', tool: 't' }), untrusted({ step: 'z', tool: 't' }));
    expect(joined.sources).toHaveLength(103);
    expect(joined.sources[0]).toEqual({ step: 'a', tool: 't' });
    expect(joined.sources[52]).toEqual({ step: 's050x', tool: 't' });
    expect(joined.sources[102]).toEqual({ step: 'z', tool: 't' });
    // The input is not changed.
    expect(big.sources).toHaveLength(100);
    // Joining something already included returns the same label.
    expect(joinLabels(joined, untrusted({ step: 's010', tool: 't' }))).toBe(joined);
  });

  it('joining a join result with one of its inputs returns the result itself', () => {
    const a = untrusted({ step: 'a', tool: 'x' }, { step: 'c', tool: 'x' });
    const b = untrusted({ step: 'b', tool: 'y' });
    const ab = joinLabels(a, b);
    expect(joinLabels(ab, a)).toBe(ab);
    expect(joinLabels(b, ab)).toBe(ab);
    const big = untrusted(...Array.from({ length: 40 }, (_, i) => ({ step: `s${i}`, tool: 't' })));
    const grown = joinLabels(big, b);
    expect(grown.sources).toHaveLength(41);
    expect(joinLabels(big, grown)).toBe(grown);
    expect(joinLabels(grown, big)).toBe(grown);
  });

  it('an untrusted label without sources stays untrusted', () => {
    const bare: Label = { trust: 'untrusted', sources: [] };
    expect(joinLabels(TRUSTED, bare).trust).toBe('untrusted');
    expect(joinLabels(bare, untrusted({ step: 'a', tool: 'b' }))).toEqual(untrusted({ step: 'a', tool: 'b' }));
  });
});

describe('output labels', () => {
  it('wholeLabel joins every field', () => {
    const a = untrusted({ step: 'a', tool: 'x' });
    expect(wholeLabel({ root: TRUSTED, fields: { 'State.Error': a } })).toEqual(a);
    expect(wholeLabel({ root: TRUSTED })).toBe(TRUSTED);
  });

  it('taintOutputLabel taints the root and every field', () => {
    const a = untrusted({ step: 'a', tool: 'x' });
    const l = taintOutputLabel({ root: TRUSTED, fields: { status: TRUSTED } }, a);
    expect(l).toEqual({ root: a, fields: { status: a } });
  });
});
