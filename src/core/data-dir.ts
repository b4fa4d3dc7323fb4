import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomToken } from './crypto.ts';
import { AppError } from './errors.ts';

/** Who holds an embedded database directory. */
export type LockInfo = { pid: number; port: number | null; startedAt: string; command: string };

function lockPath(dataDir: string): string {
  return path.join(dataDir, 'antoan.lock');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live holder of the directory, or null (a lock left by a dead process does not count). */
export function lockHolder(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockInfo;
    return typeof info.pid === 'number' && info.pid !== process.pid && alive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

/**
 * PGlite lets one process open a data directory. Take it, or refuse with who
 * holds it: two processes writing the same files would corrupt the database.
 */
export function acquireDataDirLock(dataDir: string, info: Omit<LockInfo, 'pid' | 'startedAt'>): () => void {
  mkdirSync(dataDir, { recursive: true });
  const holder = lockHolder(dataDir);
  if (holder !== null) {
    const where = holder.port === null ? '' : ` on port ${holder.port}`;
    throw new AppError(
      'DATABASE_BUSY',
      `The embedded database in ${dataDir} is open in another process (pid ${holder.pid}, "${holder.command}"${where}). ` +
        `Stop it first, or do this through its web pages or API (${holder.port === null ? 'the server' : `http://localhost:${holder.port}`}/docs). ` +
        'If no such process runs, remove antoan.lock.',
    );
  }
  const file = lockPath(dataDir);
  rmSync(file, { force: true });
  // "wx" fails if another process created the file between the check and here.
  writeFileSync(file, JSON.stringify({ ...info, pid: process.pid, startedAt: new Date().toISOString() }), { flag: 'wx' });
  return () => {
    try {
      const current = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
      if (current.pid === process.pid) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
}

/** Record the port once the server listens, so other commands can point to it. */
export function updateLockPort(dataDir: string, port: number): void {
  const file = lockPath(dataDir);
  const info = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
  writeFileSync(file, JSON.stringify({ ...info, port }));
}

/**
 * The instance secret: ANTOAN_SECRET, else one generated on first start and
 * kept in the data directory (readable by the owner only).
 */
export function loadOrCreateSecret(dataDir: string, configured: string | null): { secret: string; generated: boolean } {
  if (configured !== null) return { secret: configured, generated: false };
  const file = path.join(dataDir, 'secret');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return { secret: existing, generated: false };
  } catch {
    // not created yet
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomToken(48);
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, generated: true };
}
