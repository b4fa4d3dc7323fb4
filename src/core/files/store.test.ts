import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceError } from './sniff.ts';
import { EvidenceStore, safeFileName } from './store.ts';

let root = '';
let store: EvidenceStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'antoan-evidence-'));
  store = new EvidenceStore(join(root, 'evidence')); // the store creates its own directories
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const SCREENSHOT = new TextEncoder().encode('pretend these are the bytes of a screenshot');

describe('EvidenceStore', () => {
  it('stores bytes under their SHA-256 and reads them back', async () => {
    const stored = await store.put(SCREENSHOT);
    expect(stored).toEqual({ sha256: sha256(SCREENSHOT), size: SCREENSHOT.length });
    expect(await store.has(stored.sha256)).toBe(true);
    expect(await store.read(stored.sha256)).toEqual(SCREENSHOT);
    const { sha256: hash } = stored;
    expect(store.path(hash)).toBe(join(root, 'evidence', hash.slice(0, 2), hash.slice(2, 4), hash));
    expect((await stat(store.path(hash))).mode & 0o777).toBe(0o600);
  });

  it('treats a second put of identical bytes as a no-op and leaves no temporary files', async () => {
    const first = await store.put(SCREENSHOT);
    const before = await stat(store.path(first.sha256));
    const second = await store.put(Uint8Array.from(SCREENSHOT));
    expect(second).toEqual(first);
    expect((await stat(store.path(first.sha256))).mtimeMs).toBe(before.mtimeMs);
    expect(await readdir(join(root, 'evidence'))).toEqual([first.sha256.slice(0, 2)]);
  });

  it('stores concurrent puts of different and identical bytes', async () => {
    const files = ['a', 'b', 'a', 'c', 'b'].map((value) => new TextEncoder().encode(value));
    const stored = await Promise.all(files.map((file) => store.put(file)));
    for (const [index, file] of files.entries()) expect(await store.read(stored[index]?.sha256 ?? '')).toEqual(file);
    expect((await readdir(join(root, 'evidence'))).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('stores an empty file', async () => {
    const stored = await store.put(new Uint8Array());
    expect(stored.size).toBe(0);
    expect(await store.read(stored.sha256)).toEqual(new Uint8Array());
  });

  it('reports a valid but unknown hash as not found', async () => {
    const unknown = sha256(new TextEncoder().encode('never stored'));
    expect(await store.has(unknown)).toBe(false);
    await expect(store.read(unknown)).rejects.toMatchObject({ code: 'EVIDENCE_NOT_FOUND' });
  });

  const invalid = [
    '',
    '../../etc/passwd',
    `${'a'.repeat(62)}/..`,
    `../${'a'.repeat(61)}`,
    'A'.repeat(64),
    'a'.repeat(63),
    'a'.repeat(65),
    `${'a'.repeat(64)}\n`,
    'g'.repeat(64),
    '/etc/passwd',
  ];

  it.each(invalid)('refuses %j without touching the file system', async (name) => {
    expect(() => store.path(name)).toThrow(EvidenceError);
    await expect(store.read(name)).rejects.toMatchObject({ name: 'EvidenceError', code: 'EVIDENCE_NOT_FOUND' });
    expect(await store.has(name)).toBe(false);
  });
});

describe('safeFileName', () => {
  const cases: [string, string][] = [
    ['report.png', 'report.png'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Windows\\x.png', 'x.png'],
    ['/var/www/../..', 'file'],
    ['..', 'file'],
    ['', 'file'],
    ['\u0000', 'file'],
    ['bad\u0000name.png', 'badname.png'],
    ['tab\there\r\nnow.png', 'tab here now.png'],
    ['a<b>c:d"e|f?g*h.png', 'abcdefgh.png'],
    ['invoice\u202Egnp.exe', 'invoicegnp.exe'],
    ['.hidden', 'hidden'],
    ['trailing. . ', 'trailing'],
    ['CON.txt', '_CON.txt'],
    ['ảnh chụp màn hình.png', 'ảnh chụp màn hình.png'],
  ];

  it.each(cases)('%j → %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('composes Vietnamese text to NFC', () => {
    const decomposed = 'ảnh chụp màn hình.png'.normalize('NFD');
    expect(decomposed).not.toBe('ảnh chụp màn hình.png');
    expect(safeFileName(decomposed)).toBe('ảnh chụp màn hình.png'.normalize('NFC'));
  });

  it('cuts very long names to 120 characters and keeps the extension', () => {
    const long = safeFileName(`${'ả'.repeat(500)}.jpeg`);
    expect(Array.from(long)).toHaveLength(120);
    expect(long.endsWith('.jpeg')).toBe(true);
    expect(Array.from(safeFileName('x'.repeat(1000)))).toHaveLength(120);
    expect(Array.from(safeFileName('😀'.repeat(200))).every((char) => char === '😀')).toBe(true);
  });
});
