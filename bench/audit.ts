// Audit chain throughput: appends (one transaction each, as a use case does) and verification.
// Usage: npm run bench:audit [-- <entries>]   (DATABASE_URL selects PostgreSQL)
import { performance } from 'node:perf_hooks';
import { appendAuditEntry, verifyAuditChain } from '../src/modules/audit/index.ts';
import { createTestDatabase } from '../test/helpers/database.ts';
import { machineLine } from './machine.ts';

const entries = Number(process.argv[2] ?? 5000);
const { database, drop } = await createTestDatabase();
try {
  const started = performance.now();
  for (let n = 1; n <= entries; n += 1) {
    await database.transaction((tx) =>
      appendAuditEntry(tx.db, {
        actor: { type: 'user', id: '00000000-0000-4000-8000-000000000001', label: 'bench@antoan.local' },
        orgId: null,
        action: 'bench.append',
        subjectType: 'bench',
        subjectId: String(n),
        summary: { n, name: 'Tổ chức thử nghiệm', changes: { from: 'a', to: 'b' } },
        requestId: `bench-${n}`,
        at: new Date(),
      }),
    );
  }
  const appendSeconds = (performance.now() - started) / 1000;
  const verifyStarted = performance.now();
  const result = await verifyAuditChain(database.db);
  const verifySeconds = (performance.now() - verifyStarted) / 1000;
  if (!result.ok) throw new Error('chain did not verify');
  console.log(machineLine());
  console.log(`engine: ${database.engine}`);
  console.log(`audit append: ${entries} entries in ${appendSeconds.toFixed(2)} s = ${(entries / appendSeconds).toFixed(0)} appends/s (one transaction each)`);
  console.log(`audit verify: ${result.entries} entries in ${verifySeconds.toFixed(2)} s = ${(result.entries / verifySeconds).toFixed(0)} entries/s`);
} finally {
  await drop();
}
