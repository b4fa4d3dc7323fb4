import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAuditEntry, verifyAuditChain, type AuditInput } from '../src/modules/audit/index.ts';
import { createTestDatabase } from './helpers/database.ts';
import type { Database } from '../src/core/db.ts';

let database: Database;
let drop: () => Promise<void>;

const entry = (n: number): AuditInput => ({
  actor: { type: 'user', id: '00000000-0000-4000-8000-000000000001', label: 'analyst@example.vn' },
  orgId: null,
  action: 'test.change',
  subjectType: 'thing',
  subjectId: String(n),
  summary: { n, nested: { b: 2, a: 1 }, text: 'Tiếng Việt có dấu' },
  requestId: `req-${n}`,
  at: new Date(Date.UTC(2026, 10, 23, 4, 0, n)),
});

async function appendMany(count: number): Promise<void> {
  for (let n = 1; n <= count; n += 1) await database.transaction((tx) => appendAuditEntry(tx.db, entry(n)));
}

async function unguarded(sql: string): Promise<void> {
  // An attacker with database rights can switch off the append-only trigger; verification must still catch them.
  await database.sql.executeSql('alter table audit_log disable trigger audit_log_append_only');
  await database.sql.executeSql(sql);
  await database.sql.executeSql('alter table audit_log enable trigger audit_log_append_only');
}

beforeEach(async () => {
  ({ database, drop } = await createTestDatabase());
  await appendMany(5);
});
afterEach(async () => {
  await drop();
});

describe('audit hash chain', () => {
  it('verifies an untouched chain', async () => {
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, entries: 5, headSeq: 5, problems: [] });
  });

  it('is append-only at the database level', async () => {
    await expect(database.sql.executeSql("update audit_log set action = 'x' where seq = 2")).rejects.toThrow(/append-only/);
    await expect(database.sql.executeSql('delete from audit_log where seq = 2')).rejects.toThrow(/append-only/);
  });

  it('catches a row edited directly in SQL', async () => {
    await unguarded(`update audit_log set summary = '{"n":3,"text":"changed"}' where seq = 3`);
    const result = await verifyAuditChain(database.db);
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual(expect.objectContaining({ seq: 3, kind: 'hash_mismatch' }));
  });

  it('catches a deleted row in the middle', async () => {
    await unguarded('delete from audit_log where seq = 2');
    const result = await verifyAuditChain(database.db);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['sequence_gap', 'prev_hash_mismatch']));
  });

  it('catches a row inserted into the chain', async () => {
    await unguarded(
      "insert into audit_log (seq, at, actor_type, actor_label, action, subject_type, summary, prev_hash, hash) select 6, now(), 'user', 'forger', 'org.create', 'organization', '{}', hash, repeat('a', 64) from audit_log where seq = 5",
    );
    const result = await verifyAuditChain(database.db);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['hash_mismatch', 'head_mismatch']));
  });

  it('catches entries removed from the end', async () => {
    await unguarded('delete from audit_log where seq = 5');
    const result = await verifyAuditChain(database.db);
    expect(result).toMatchObject({ ok: false, entries: 4, headSeq: 5 });
    expect(result.problems).toContainEqual(expect.objectContaining({ kind: 'head_mismatch' }));
  });

  it('keeps one unbroken chain under concurrent appends', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => database.transaction((tx) => appendAuditEntry(tx.db, entry(100 + i)))));
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, entries: 25, headSeq: 25 });
  });

  it('leaves no entry behind when the change it records rolls back', async () => {
    await expect(
      database.transaction(async (tx) => {
        await appendAuditEntry(tx.db, entry(99));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, entries: 5 });
  });
});
