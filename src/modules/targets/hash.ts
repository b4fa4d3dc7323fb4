// File hashes: lower-case hex, the algorithm known from the length (or an agreeing prefix).
import type { HashAlgorithm, Target } from './types.ts';
import { invalid } from './types.ts';

const LENGTHS: Readonly<Record<HashAlgorithm, number>> = { md5: 32, sha1: 40, sha256: 64 };
const PREFIXED = /^(md5|sha-?1|sha-?256)(?:\s*[:=]\s*|\s+)([0-9a-f]+)$/i;
const BARE = /^[0-9a-f]+$/i;
const NAMES: ReadonlyMap<string, HashAlgorithm> = new Map([
  ['md5', 'md5'], ['sha1', 'sha1'], ['sha-1', 'sha1'], ['sha256', 'sha256'], ['sha-256', 'sha256'],
]);

function algorithmOfLength(length: number): HashAlgorithm | null {
  if (length === LENGTHS.md5) return 'md5';
  if (length === LENGTHS.sha1) return 'sha1';
  if (length === LENGTHS.sha256) return 'sha256';
  return null;
}

/** True when the input is a hex digest of a known length, optionally prefixed `sha256:` / `md5:`. */
export function looksLikeFileHash(input: string): boolean {
  const hex = PREFIXED.exec(input)?.[2] ?? (BARE.test(input) ? input : null);
  return hex !== null && algorithmOfLength(hex.length) !== null;
}

/** Parse a file_hash target: `SHA256:ABC…` → `abc…` with details.algorithm. */
export function parseFileHash(input: string): Target {
  const prefixed = PREFIXED.exec(input);
  const hex = prefixed?.[2] ?? (BARE.test(input) ? input : null);
  if (hex === null) return invalid('not a hexadecimal hash');
  const algorithm = algorithmOfLength(hex.length);
  if (algorithm === null) return invalid('hash must be 32 (MD5), 40 (SHA-1) or 64 (SHA-256) hex digits');
  const named = NAMES.get(prefixed?.[1]?.toLowerCase() ?? '');
  if (named !== undefined && named !== algorithm) return invalid(`a ${named} hash has ${LENGTHS[named]} hex digits`);
  const value = hex.toLowerCase();
  return { type: 'file_hash', value, display: value, flags: [], details: { algorithm } };
}
