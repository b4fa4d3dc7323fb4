// Evidence files live outside the database, addressed by their SHA-256: the same
// screenshot uploaded twice is stored once, a file cannot change under its name,
// and the database only holds the hash. Paths are built from the hash alone, so a
// caller can never steer a read or write outside the root directory.

import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { EvidenceError } from './sniff.ts';

const SHA256_HEX = /^[0-9a-f]{64}$/;

function notFound(): EvidenceError {
  return new EvidenceError('EVIDENCE_NOT_FOUND', 'No such evidence file.');
}

function isErrnoCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}

/** Content-addressed evidence files under one root directory: `<root>/<aa>/<bb>/<sha256>`. */
export class EvidenceStore {
  constructor(private readonly rootDir: string) {}

  /** The file path of `sha256`; throws EVIDENCE_NOT_FOUND for anything but 64 lower-case hex digits. */
  path(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw notFound();
    return join(this.rootDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Store `bytes` (atomically, via a temporary file and rename); storing the same bytes again is a no-op. */
  async put(bytes: Uint8Array): Promise<{ sha256: string; size: number }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const result = { sha256, size: bytes.length };
    const target = this.path(sha256);
    if (await this.has(sha256)) return result;
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    // The temporary file sits in the root, on the same file system as the target,
    // so rename() is atomic: readers see the whole file or none of it.
    const temporary = join(this.rootDir, `.incoming-${randomUUID()}`);
    try {
      await writeFile(temporary, bytes, { flag: 'wx', mode: 0o600 });
      await rename(temporary, target);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
    return result;
  }

  /** The bytes stored under `sha256`; throws EVIDENCE_NOT_FOUND when absent or not a valid hash. */
  async read(sha256: string): Promise<Uint8Array> {
    const file = this.path(sha256);
    try {
      return new Uint8Array(await readFile(file));
    } catch (error) {
      if (isErrnoCode(error, 'ENOENT')) throw notFound();
      throw error;
    }
  }

  /** Whether a file is stored under `sha256` (false for anything that is not a valid hash). */
  async has(sha256: string): Promise<boolean> {
    if (!SHA256_HEX.test(sha256)) return false;
    try {
      return (await stat(this.path(sha256))).isFile();
    } catch (error) {
      if (isErrnoCode(error, 'ENOENT')) return false;
      throw error;
    }
  }
}

const MAX_FILE_NAME = 120;
// Windows-reserved and shell-awkward characters; path separators are handled first.
const RESERVED_CHARS = /[<>:"|?*]/g;
// Control and format characters, including the bidi overrides used to disguise `gpj.exe` as `exe.jpg`.
const INVISIBLE_CHARS = /[\p{Cc}\p{Cf}]/gu;
const WINDOWS_DEVICE_NAMES = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

/** A display/download name that is safe anywhere: base name only, no separators, controls or reserved characters, NFC, ≤ 120 characters. */
export function safeFileName(name: string): string {
  const base = name.normalize('NFC').split(/[/\\]/).at(-1) ?? '';
  let cleaned = base
    .replace(/\s/g, ' ') // tabs and newlines become spaces before control characters go
    .replace(INVISIBLE_CHARS, '')
    .replace(RESERVED_CHARS, '')
    .replace(/ {2,}/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, ''); // no `..`, hidden files, or Windows' trailing dots and spaces
  if (WINDOWS_DEVICE_NAMES.test(cleaned)) cleaned = `_${cleaned}`;
  return truncateKeepingExtension(cleaned) || 'file';
}

/** Cut to MAX_FILE_NAME code points, keeping a short extension so the type stays visible. */
function truncateKeepingExtension(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= MAX_FILE_NAME) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
  const keep = extension.length > 0 && extension.length <= 10 ? extension : [];
  const stem = chars.slice(0, MAX_FILE_NAME - keep.length).join('').replace(/[\s.]+$/, '');
  return stem + keep.join('');
}
