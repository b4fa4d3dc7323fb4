import { describe, expect, it } from 'vitest';
import { totpCode, totpStep, verifyTotp } from './totp.ts';

// RFC 6238 Appendix B test secret "12345678901234567890" in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('totp', () => {
  it('matches the RFC 6238 SHA-1 vectors', () => {
    expect(totpCode(RFC_SECRET, totpStep(new Date(59_000)))).toBe('287082');
    expect(totpCode(RFC_SECRET, totpStep(new Date(1_111_111_109_000)))).toBe('081804');
    expect(totpCode(RFC_SECRET, totpStep(new Date(2_000_000_000_000)))).toBe('279037');
  });

  it('accepts one step of drift and refuses replays and wrong codes', () => {
    const at = new Date(1_700_000_000_000);
    const previous = totpCode(RFC_SECRET, totpStep(at) - 1);
    const step = verifyTotp(RFC_SECRET, previous, at, null);
    expect(step).toBe(totpStep(at) - 1);
    expect(verifyTotp(RFC_SECRET, previous, at, step)).toBeNull();
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, totpStep(at) - 3), at, null)).toBeNull();
    expect(verifyTotp(RFC_SECRET, '12345', at, null)).toBeNull();
    expect(verifyTotp(RFC_SECRET, 'abcdef', at, null)).toBeNull();
  });
});
