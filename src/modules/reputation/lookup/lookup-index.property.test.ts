import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTarget } from '../../targets/index.ts';
import type { Target } from '../../targets/index.ts';
import type { Indicator, Match } from './index.ts';
import { LookupIndex, parseCidr } from './index.ts';

// The naive definition: scan every indicator and decide by the rules written in `Match`.
function naive(indicators: readonly Indicator[], target: Target): string[] {
  const out: string[] = [];
  for (const item of indicators) {
    if (item.type !== target.type) continue;
    if (target.type === 'domain') {
      const labels = (h: string): number => h.split('.').length;
      const base = item.value.replace(/^\*\./, '');
      if (item.value === target.value) out.push(`${item.id}:${labels(base) * 2 + (item.value.startsWith('*.') ? 0 : 1)}`);
      else if (item.value.startsWith('*.') && (target.value === base || target.value.endsWith(`.${base}`))) out.push(`${item.id}:${labels(base) * 2}`);
    } else if (target.type === 'ip') {
      const q = parseCidr(target.value);
      const c = parseCidr(item.value);
      if (q === null || c === null || q.version !== c.version || c.length > q.length) continue;
      const bits = q.version === 4 ? 32 : 128;
      const shift = BigInt(bits - c.length);
      if (BigInt(q.address) >> shift === BigInt(c.address) >> shift) out.push(`${item.id}:${c.length}`);
    }
  }
  return out.sort();
}

const summary = (matches: Match[]): string[] =>
  matches.map((m) => `${m.indicator.id}:${m.specificity / 65_536}`).sort();

const label = fc.constantFrom('a', 'b', 'login', 'www');
const domain = fc
  .tuple(fc.array(label, { maxLength: 3 }), fc.constantFrom('ex.com', 'ex.com.vn', 'other.org'), fc.boolean())
  .map(([sub, base, wildcard]) => `${wildcard ? '*.' : ''}${[...sub, base].join('.')}`);
const ip = fc.oneof(
  fc.tuple(fc.constantFrom(10, 192), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 32 }))
    .map(([a, b, c, len]) => `${a}.${b}.${c}.7/${len}`),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 128 })).map(([w, len]) => `2001:db8:${w}::1/${len}`),
);
const value = fc.oneof(domain.map((v) => ['domain', v] as const), ip.map((v) => ['ip', v] as const));

describe('LookupIndex agrees with a linear scan', () => {
  it('for random domain and IP indicator sets and queries', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(value, fc.constantFrom('dangerous', 'trusted') )), fc.array(value, { maxLength: 10 }), (items, queries) => {
        const indicators: Indicator[] = items.map(([[type, raw], verdict], i) => ({
          id: `i${i}`, type, value: parseTarget(raw, type).value, verdict, categories: [],
        }));
        const index = new LookupIndex();
        for (const item of indicators) index.upsert(item);
        for (const [type, raw] of queries) {
          const target = parseTarget(raw, type);
          expect(summary(index.lookup(target))).toEqual(naive(indicators, target));
        }
      }),
      { numRuns: 300 },
    );
  });
});
