import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTimestamp } from './clock.ts';

describe('isoTimestamp', () => {
  it.each([0, -1, 1, 951_782_400_000, 951_868_799_999, 1_767_225_599_999, 1_767_225_600_000, -62_167_219_200_000, 253_402_300_799_999, 253_402_300_800_000, -62_167_219_200_001, 8.64e15, -8.64e15])(
    'writes %d as toISOString does',
    (ms) => {
      expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
    },
  );

  it('agrees with toISOString on every instant Date can hold', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (ms) => {
        expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });
});
