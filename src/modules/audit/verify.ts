import type { Db } from '../../core/db.ts';
import { entryHash, GENESIS_HASH } from './chain.ts';
import { readAuditBatch, readAuditHead } from './repository.ts';

export type ChainProblem = {
  seq: number;
  kind: 'sequence_gap' | 'prev_hash_mismatch' | 'hash_mismatch' | 'head_mismatch';
  message: string;
};

export type VerifyResult = { ok: boolean; entries: number; headSeq: number; problems: ChainProblem[] };

const BATCH = 2000;
const MAX_PROBLEMS = 100;

/**
 * Walk the whole chain in order: every seq follows the previous one, every
 * prev_hash is the previous hash, every hash matches its content, and the last
 * entry is the recorded head. An edited, inserted or deleted row fails one of these.
 */
export async function verifyAuditChain(db: Db, onProgress?: (checked: number) => void): Promise<VerifyResult> {
  const problems: ChainProblem[] = [];
  const report = (problem: ChainProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  let lastSeq = 0;
  for (;;) {
    const batch = await readAuditBatch(db, lastSeq, BATCH);
    for (const entry of batch) {
      if (entry.seq !== expectedSeq) {
        report({ seq: entry.seq, kind: 'sequence_gap', message: `expected entry ${expectedSeq}, found ${entry.seq}` });
      }
      if (entry.prevHash !== prevHash) {
        report({ seq: entry.seq, kind: 'prev_hash_mismatch', message: 'does not link to the entry before it' });
      }
      const { prevHash: storedPrev, hash, ...fields } = entry;
      if (entryHash(storedPrev, fields) !== hash) {
        report({ seq: entry.seq, kind: 'hash_mismatch', message: 'content does not match its hash (edited)' });
      }
      prevHash = hash;
      expectedSeq = entry.seq + 1;
      lastSeq = entry.seq;
      entries += 1;
    }
    onProgress?.(entries);
    if (batch.length < BATCH) break;
  }
  const head = await readAuditHead(db);
  const headSeq = head?.seq ?? 0;
  if (headSeq !== lastSeq || (head !== null && head.hash !== prevHash)) {
    report({
      seq: lastSeq,
      kind: 'head_mismatch',
      message: `the chain ends at entry ${lastSeq} but the recorded head is entry ${headSeq} (entries removed from the end, or the head was changed)`,
    });
  }
  return { ok: problems.length === 0, entries, headSeq, problems };
}
