// The queue sorts by priority in SQL; pages and the API show it from TypeScript. Both must agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { priorityAt } from '../src/modules/cases/priority.ts';
import { listQueue } from '../src/modules/cases/index.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { submit } from './helpers/reports.ts';

describe('case priority', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ start: new Date('2026-11-02T02:00:00Z') });
  });
  afterAll(() => t.close());

  it('is the same number in the SQL that orders the queue and in TypeScript, as time passes', async () => {
    await submit(t, { category: 'child_safety' });
    t.clock.advance(3_600_000);
    for (let i = 0; i < 3; i++) await submit(t, { category: 'scam', targets: [{ value: '0912 000 111' }] });
    t.clock.advance(20 * 3_600_000);
    await submit(t, { category: 'other' });
    await t.groupReports();
    for (const hours of [0, 5, 30, 100]) {
      t.clock.advance(hours * 3_600_000);
      const { rows } = await listQueue(t.database.db, t.ctx(), { limit: 10, offset: 0 });
      expect(rows.length).toBe(3);
      for (const row of rows) expect(row.priority).toBeCloseTo(priorityAt(row, t.clock.now()), 6);
      expect(rows.map((r) => r.category)).toEqual(['child_safety', 'scam', 'other']);
    }
  });
});
