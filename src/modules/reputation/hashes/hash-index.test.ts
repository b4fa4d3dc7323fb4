// The hash index: changes applied one by one give the same index as loading the final set at
// once, lookups by prefix find exactly the hashes under it, and the prefix list is sorted,
// distinct and checksummed.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IndexChangeListener, IndexedIndicator } from '../live-index.ts';
import { LookupIndex } from '../lookup/index.ts';
import { hashOf } from './expressions.ts';
import { HashIndex, LiveHashIndex } from './hash-index.ts';

type Item = { id: string; type: string; value: string };

const item = fc.oneof(
  fc.stringMatching(/^[a-z]{1,6}\.example\.(?:com|vn)$/).map((value) => ({ type: 'domain', value })),
  fc.stringMatching(/^[a-z]{1,6}\.example\.com$/).map((host) => ({ type: 'domain', value: `*.${host}` })),
  fc.integer({ min: 0, max: 255 }).map((n) => ({ type: 'ip', value: `10.0.0.${n}` })),
  fc.stringMatching(/^\d{9}$/).map((digits) => ({ type: 'phone', value: `+84${digits}` })),
);
// Ids from a small pool, so that the same id is often replaced with another value or removed.
const step = fc.oneof(
  fc.record({ op: fc.constant('upsert' as const), id: fc.integer({ min: 0, max: 30 }), item }),
  fc.record({ op: fc.constant('remove' as const), id: fc.integer({ min: 0, max: 30 }) }),
);

describe('HashIndex', () => {
  it('changed step by step equals the final set loaded at once', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), fc.constantFrom(2, 4, 8, 32), (steps, size) => {
        const incremental = new HashIndex();
        const final = new Map<string, Item>();
        incremental.load([]);
        for (const s of steps) {
          const id = `id-${s.id}`;
          if (s.op === 'upsert') {
            incremental.upsert({ id, ...s.item });
            final.set(id, { id, ...s.item });
          } else {
            incremental.remove(id);
            final.delete(id);
          }
        }
        const loaded = new HashIndex();
        loaded.load(final.values());
        expect(incremental.size).toBe(final.size);
        const a = incremental.prefixes(size);
        const b = loaded.prefixes(size);
        expect(a.base64).toBe(b.base64);
        expect(a.checksum).toBe(createHash('sha256').update(a.bytes).digest('hex'));
        const hashes = [...final.values()].map((i) => hashOf(i.type === 'domain' && i.value.startsWith('*.') ? `${i.value.slice(2)}/` : i.type === 'domain' ? `${i.value}/` : `${i.type}:${i.value}`));
        expect(a.count).toBe(new Set(hashes.map((h) => h.slice(0, size))).size);
        for (const [id, listed] of final) {
          expect(incremental.holds(id)).toBe(true);
          const hash = hashes[[...final.keys()].indexOf(id)] ?? '';
          for (const length of [2, 4, 32]) {
            const prefix = hash.slice(0, length);
            const found = incremental.matching(prefix).map((e) => e.id).sort();
            expect(found, `${listed.value} /${length}`).toEqual(loaded.matching(prefix).map((e) => e.id).sort());
            expect(found).toContain(id);
            expect(incremental.hasPrefix(prefix)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the prefix list sorted and distinct, and recomputes it only after a change', () => {
    const index = new HashIndex();
    index.load(Array.from({ length: 2000 }, (_, i) => ({ id: `d${i}`, type: 'domain', value: `site-${i}.example.com` })));
    const list = index.prefixes(4);
    const prefixes = Array.from({ length: list.count }, (_, i) => list.bytes.subarray(i * 4, i * 4 + 4).toString('hex'));
    expect(prefixes).toEqual([...new Set(prefixes)].sort());
    expect(index.prefixes(4)).toBe(list);
    index.remove('d0');
    expect(index.prefixes(4)).not.toBe(list);
    expect(index.matching(hashOf('site-0.example.com/'))).toEqual([]);
    expect(index.hasPrefix(hashOf('site-1.example.com/'))).toBe(true);
    expect(index.hasPrefix(hashOf('site-0.example.com/'))).toBe(false);
  });
});

describe('LiveHashIndex', () => {
  const indicator = (n: number): IndexedIndicator => ({
    id: `id-${n}`, type: 'domain', value: `site-${n}.example.com`, verdict: 'dangerous', categories: [], confidence: 80, source: 'import',
    sourceRef: null, evidenceUrl: null, reportCount: 0, firstSeen: 0, lastVerified: 0, expiresAt: null, impersonated: null, serial: n,
  });

  it('builds in steps and applies, in order, the changes that arrive meanwhile', async () => {
    const index = new LookupIndex<IndexedIndicator>();
    for (let n = 0; n < 5000; n++) index.upsert(indicator(n));
    const listeners: IndexChangeListener[] = [];
    const live = { serial: 5000, index, onChange: (listener: IndexChangeListener) => void listeners.push(listener), catchUp: () => Promise.resolve(0) };
    const hashes = new LiveHashIndex(live, 1000);
    // The build has taken its first step only; the live index moves on.
    for (const listener of listeners) {
      listener(indicator(5000), 'upsert');
      listener(indicator(7), 'remove');
      // Not hashed yet: removing it must not let a later step bring it back.
      listener(indicator(4500), 'remove');
      listener({ ...indicator(8), value: 'renamed.example.com' }, 'upsert');
    }
    const built = await hashes.current();
    expect(built.size).toBe(4999);
    expect(built.holds('id-5000')).toBe(true);
    expect(built.holds('id-7')).toBe(false);
    expect(built.holds('id-4500')).toBe(false);
    expect(built.matching(hashOf('site-8.example.com/'))).toEqual([]);
    expect(built.matching(hashOf('renamed.example.com/')).map((e) => e.id)).toEqual(['id-8']);
    // Once built, changes apply at once.
    for (const listener of listeners) listener(indicator(5000), 'remove');
    expect(built.holds('id-5000')).toBe(false);
  });
});
