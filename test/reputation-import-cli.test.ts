// `antoan import indicators` as a real child process on a temporary data directory: the summary
// and the invalid lines, a re-import that changes nothing, exit codes for bad arguments and
// unreadable files, and what happens while a server holds the data. Plus the progress display.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportProgressReporter, importSummary } from '../src/cli/import-command.ts';
import { acquireDataDirLock } from '../src/core/data-dir.ts';
import { openDatabase } from '../src/core/db.ts';
import { SERVER_URL } from './helpers/database.ts';
import { createInstance, killAllChildren, ROOT, runCli, startServer, type CliResult, type Instance } from './helpers/process.ts';

const engine = SERVER_URL === null ? 'pglite' : 'postgres';
const FIXTURES = path.join(ROOT, 'test/fixtures/imports');
// Each child process starts the CLI from source; on a busy machine that takes a while.
const SLOW = 600_000;

let instance: Instance;

beforeAll(async () => {
  instance = await createInstance();
});

afterAll(async () => {
  await killAllChildren();
  await instance.destroy();
});

function cli(args: string[]): Promise<CliResult> {
  return runCli(args, instance.env, SLOW);
}

/** Rows from the instance's database, opened here as an operator would (holding the lock on PGlite). */
async function query<T>(text: string): Promise<T[]> {
  const release = instance.databaseUrl === null ? acquireDataDirLock(instance.dataDir, { port: null, command: 'import-cli.test' }) : () => undefined;
  const database = await openDatabase({ url: instance.databaseUrl, pgliteDir: instance.databaseUrl === null ? path.join(instance.dataDir, 'pgdata') : null });
  try {
    return (await database.sql.executeSql(text, [])).rows as T[];
  } finally {
    await database.close();
    release();
  }
}

describe('antoan import indicators', () => {
  it(
    'imports a PhishTank file: the summary on stdout, the invalid lines with their reasons; again, nothing changes',
    async () => {
      const first = await cli(['import', 'indicators', path.join(FIXTURES, 'phishtank.csv'), '--format', 'phishtank']);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout.split('\n')).toEqual([
        'added 2, updated 0, unchanged 1, skipped 0 (revoked), invalid 2',
        'ignored 1 (not verified by the source)',
        '  line 5: "not a url": a URL has no spaces',
        '  line 7: submission_time is not a date',
        '',
      ]);
      expect(first.stderr).toContain('importing phishtank.csv (phishtank, ');
      const serialAfterFirst = await query<{ value: number }>('select value::int as value from reputation_serial');

      const again = await cli(['import', 'indicators', path.join(FIXTURES, 'phishtank.csv'), '--format', 'phishtank']);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/^added 0, updated 0, unchanged 3, skipped 0 \(revoked\), invalid 2$/m);
      expect(await query<{ value: number }>('select value::int as value from reputation_serial')).toEqual(serialAfterFirst);

      const runs = await query<{ actor_name: string; added: number; unchanged: number; file_name: string; source_key: string }>('select * from indicator_imports order by started_at, finished_at');
      expect(runs.map((r) => [r.actor_name, r.source_key, r.file_name, r.added, r.unchanged])).toEqual([
        ['cli import', 'import:phishtank', 'phishtank.csv', 2, 1],
        ['cli import', 'import:phishtank', 'phishtank.csv', 0, 3],
      ]);
      const listed = await query<{ value: string; source_ref: string }>("select value, source_ref from indicators where source_key = 'import:phishtank' order by value");
      expect(listed).toEqual([
        { value: 'http://vietinbank-ipay.example.net/login.php?next=/home,account', source_ref: '8512002' },
        { value: 'https://secure-login.paypa1.example.com/signin', source_ref: '8512001' },
      ]);
    },
    SLOW,
  );

  it(
    'takes a source key: a ChongLuaDao list with wildcards under import:cld',
    async () => {
      const result = await cli(['import', 'indicators', path.join(FIXTURES, 'chongluadao.json'), '--format', 'chongluadao', '--source', 'import:cld']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^added 9, updated 0, unchanged 0, skipped 0 \(revoked\), invalid 3$/m);
      const [row] = await query<{ n: number }>("select count(*)::int as n from indicators where source_key = 'import:cld' and value = '*.vietcombank-khuyenmai.example.com'");
      expect(row?.n).toBe(1);
    },
    SLOW,
  );

  it(
    'refuses bad arguments with exit code 2 and an unreadable file with 1, changing nothing',
    async () => {
      const before = await query<{ n: number }>('select count(*)::int as n from indicator_imports');
      const file = path.join(FIXTURES, 'openphish.txt');
      // One refusal by commander (an unknown format), one by the command (a source key not import:<name>).
      for (const args of [
        ['import', 'indicators', file, '--format', 'xml'],
        ['import', 'indicators', file, '--format', 'openphish', '--source', 'openphish'],
      ]) {
        const refused = await cli(args);
        expect(refused.code, args.join(' ')).toBe(2);
        expect(refused.stderr).toMatch(/error/);
        expect(refused.stdout).toBe('');
      }
      for (const missing of [path.join(FIXTURES, 'no-such-file.txt'), FIXTURES]) {
        const unreadable = await cli(['import', 'indicators', missing, '--format', 'openphish']);
        expect(unreadable.code).toBe(1);
        expect(unreadable.stderr).toMatch(/^error: cannot read /);
      }
      expect(await query<{ n: number }>('select count(*)::int as n from indicator_imports')).toEqual(before);
    },
    SLOW,
  );

  it(
    engine === 'pglite' ? 'refuses while the server holds the embedded database (exit 3)' : 'runs beside the server on PostgreSQL, which answers from the new listings within a second',
    async () => {
      const server = await startServer(instance.env);
      try {
        const during = await cli(['import', 'indicators', path.join(FIXTURES, 'urlhaus.txt'), '--format', 'urlhaus']);
        if (engine === 'pglite') {
          expect(during.code).toBe(3);
          expect(during.stderr).toMatch(/^error DATABASE_BUSY: /);
          expect(during.stderr).toContain(`http://localhost:${server.port}`);
        } else {
          expect(during.code, during.stderr).toBe(0);
          let verdict = 'unknown';
          for (let i = 0; i < 50 && verdict !== 'dangerous'; i++) {
            const answer = await fetch(`${server.url}/api/v1/check?value=${encodeURIComponent('http://update-flash.example.net/flashplayer.exe')}`);
            verdict = ((await answer.json()) as { verdict: string }).verdict;
            if (verdict !== 'dangerous') await new Promise((resolve) => setTimeout(resolve, 100));
          }
          expect(verdict).toBe('dangerous');
        }
      } finally {
        expect((await server.stop('SIGTERM')).code).toBe(0);
      }
    },
    SLOW,
  );
});

describe('the progress display', () => {
  const progress = (bytesRead: number, entries: number) => ({ bytesRead, totalBytes: 1000, entries, invalid: 0 });

  it('redraws a bar in place on a terminal: percent of bytes read, entries per second', () => {
    let now = 0;
    let written = '';
    const reporter = new ImportProgressReporter({ isTTY: true, write: (text: string) => (written += text) }, () => now);
    now = 1000;
    reporter.update(progress(250, 5000));
    now = 1050;
    reporter.update(progress(300, 6000)); // too soon: not drawn
    now = 2000;
    reporter.update(progress(1000, 20_000));
    reporter.done();
    expect(written.split('\r').slice(1)).toEqual([
      '[######------------------]  25% · 5,000 entries · 5,000/s\u001b[K',
      '[########################] 100% · 20,000 entries · 10,000/s\u001b[K\n',
    ]);
  });

  it('writes a plain line now and then when stderr is not a terminal', () => {
    let now = 0;
    const lines: string[] = [];
    const reporter = new ImportProgressReporter({ isTTY: false, write: (text: string) => lines.push(text) }, () => now, 5000);
    for (let second = 1; second <= 12; second++) {
      now = second * 1000;
      reporter.update(progress(second * 80, second * 100));
    }
    reporter.done();
    expect(lines).toEqual(['import: 8% read, 100 entries (100/s)\n', 'import: 48% read, 600 entries (100/s)\n', 'import: 88% read, 1,100 entries (100/s)\n']);
  });

  it('summarises with at most ten invalid lines', () => {
    const problems = Array.from({ length: 12 }, (_, i) => ({ line: i + 2, reason: 'no URL' }));
    const text = importSummary({ id: 'x', format: 'openphish', sourceKey: 'import:openphish', fileName: null, fileSha256: '', serial: 1, startedAt: new Date(), finishedAt: new Date(), added: 1, updated: 2, unchanged: 3, skipped: 4, invalid: 12, ignored: 0, problems });
    const lines = text.split('\n');
    expect(lines[0]).toBe('added 1, updated 2, unchanged 3, skipped 4 (revoked), invalid 12');
    expect(lines.filter((l) => l.startsWith('  line '))).toHaveLength(10);
    expect(lines.at(-1)).toBe('  … and 2 more invalid lines');
  });
});
