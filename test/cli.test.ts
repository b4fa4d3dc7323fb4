import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../src/core/data-dir.ts';
import { openDatabase, type Database } from '../src/core/db.ts';
import { entryHash } from '../src/modules/audit/chain.ts';
import { verifyAuditChain } from '../src/modules/audit/index.ts';
import { SERVER_URL } from './helpers/database.ts';
import { createInstance, killAllChildren, runCli, startServer, tokenFrom, type CliResult, type Instance } from './helpers/process.ts';

const engine = SERVER_URL === null ? 'pglite' : 'postgres';

// One instance for the whole file: each step builds on the data the previous ones left.
let instance: Instance;
let nationalToken: string;

beforeAll(async () => {
  instance = await createInstance();
  const created = await cli(['token', 'create', '--org', 'quoc-gia', '--name', 'cli-test', '--scopes', 'org:read,org:write']);
  expect(created.code, created.stderr).toBe(0);
  nationalToken = tokenFrom(created.stdout);
});

afterAll(async () => {
  await killAllChildren();
  await instance.destroy();
});

function cli(args: string[], env: Record<string, string> = {}, timeoutMs?: number): Promise<CliResult> {
  return runCli(args, { ...instance.env, ...env }, timeoutMs);
}

/**
 * Open the instance's database in this process, as an operator with direct access would.
 * On PGlite this holds the data-dir lock, so a stray child would fail rather than share the files.
 */
async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const release = instance.databaseUrl === null ? acquireDataDirLock(instance.dataDir, { port: null, command: 'cli.test' }) : () => undefined;
  const database = await openDatabase({ url: instance.databaseUrl, pgliteDir: instance.databaseUrl === null ? path.join(instance.dataDir, 'pgdata') : null });
  try {
    return await fn(database);
  } finally {
    await database.close();
    release();
  }
}

async function rows<T>(database: Database, text: string, values: unknown[] = []): Promise<T[]> {
  return (await database.sql.executeSql(text, values)).rows as T[];
}

type Counts = { orgs: number; users: number; memberships: number; tokens: number; audit: number };

async function counts(): Promise<Counts> {
  return withDatabase(async (database) => {
    const [row] = await rows<Counts>(
      database,
      `select (select count(*)::int from organizations) as orgs, (select count(*)::int from users) as users,
              (select count(*)::int from memberships) as memberships, (select count(*)::int from api_tokens) as tokens,
              (select count(*)::int from audit_log) as audit`,
    );
    if (row === undefined) throw new Error('no counts');
    return row;
  });
}

function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe('antoan --help', () => {
  it('lists the commands', async () => {
    const help = await runCli(['--help'], instance.env);
    expect(help.code).toBe(0);
    for (const command of ['serve', 'migrate', 'org', 'user', 'token', 'audit']) {
      expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });
});

describe('org, user and token create', () => {
  it('print what they created, with the one-time password or token exactly once', async () => {
    const org = await cli(['org', 'create', '--slug', 'ngan-hang-a', '--name', 'Ngân hàng A', '--kind', 'bank', '--contact', 'Abuse@NganHangA.vn']);
    expect(org.code, org.stderr).toBe(0);
    expect(org.stdout).toMatch(/^organisation created\n\s+id:\s+[0-9a-f-]{36}\n\s+slug: ngan-hang-a\n\s+kind: bank$/m);

    const user = await cli(['user', 'create', '--org', 'ngan-hang-a', '--email', 'Lan@NganHang.vn', '--name', 'Nguyễn Thị Lan', '--role', 'org_admin']);
    expect(user.code, user.stderr).toBe(0);
    expect(user.stdout).toContain('email: lan@nganhang.vn');
    const password = /one-time password: (\S+)/.exec(user.stdout)?.[1] ?? '';
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(occurrences(user.stdout, password)).toBe(1);
    expect(user.stderr).not.toContain(password);

    // With --password there is nothing to show.
    const chosen = await cli(['user', 'create', '--org', 'ngan-hang-a', '--email', 'minh@nganhang.vn', '--name', 'Minh', '--role', 'responder', '--password', 'a-chosen-password-42']);
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(chosen.stdout).not.toMatch(/one-time password|a-chosen-password-42/);

    const token = await cli(['token', 'create', '--org', 'ngan-hang-a', '--name', 'sync', '--scopes', 'org:read,users:read']);
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout).toMatch(/scopes: org:read,users:read/);
    const secret = tokenFrom(token.stdout);
    expect(occurrences(token.stdout, secret)).toBe(1);
    expect(token.stderr).not.toContain(secret);

    // Stored as asked, and neither secret is stored in the clear.
    await withDatabase(async (database) => {
      const [member] = await rows<{ role: string; kind: string; mustChange: boolean }>(
        database,
        `select m.role, o.kind, u.must_change_password as "mustChange" from users u join memberships m on m.user_id = u.id
           join organizations o on o.id = m.org_id where u.email = 'lan@nganhang.vn'`,
      );
      expect(member).toEqual({ role: 'org_admin', kind: 'bank', mustChange: true });
      const [leak] = await rows<{ n: number }>(
        database,
        `select count(*)::int as n from users u, api_tokens t where u.password_hash like '%' || $1 || '%' or t.token_hash like '%' || $2 || '%'`,
        [password, secret],
      );
      expect(leak?.n).toBe(0);
    });
  }, 60_000);

  it('refuses bad input with a clear error code, a non-zero exit and nothing created', async () => {
    const before = await counts();
    type Case = { args: string[]; code: string; field: string };
    // Refused before the database is opened, so they can run side by side even on PGlite.
    const offline: Case[] = [
      { args: ['org', 'create', '--slug', 'nha-mang', '--name', 'Nhà mạng', '--kind', 'isp'], code: 'VALIDATION_FAILED', field: 'kind' },
      { args: ['org', 'create', '--slug', 'Bad Slug!', '--name', 'Bad slug', '--kind', 'bank'], code: 'VALIDATION_FAILED', field: 'slug' },
      { args: ['org', 'create', '--slug', '-dash-', '--name', 'Dashes', '--kind', 'bank'], code: 'VALIDATION_FAILED', field: 'slug' },
      { args: ['user', 'create', '--org', 'ngan-hang-a', '--email', 'y@nganhang.vn', '--name', 'Y', '--role', 'owner'], code: 'VALIDATION_FAILED', field: 'role' },
      { args: ['token', 'create', '--org', 'ngan-hang-a', '--name', 'bad', '--scopes', 'org:read,everything'], code: 'VALIDATION_FAILED', field: 'scopes' },
    ];
    // These need the organisation's kind or existence, so they open the database one at a time.
    const online: Case[] = [
      { args: ['user', 'create', '--org', 'ngan-hang-a', '--email', 'x@nganhang.vn', '--name', 'X', '--role', 'analyst'], code: 'ROLE_NOT_ALLOWED', field: 'role' },
      { args: ['token', 'create', '--org', 'khong-co', '--name', 'none', '--scopes', 'org:read'], code: 'NOT_FOUND', field: '' },
    ];
    const expectRefused = ({ args, code, field }: Case, result: CliResult) => {
      expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(new RegExp(`^error ${code}: `));
      if (field !== '') expect(result.stderr).toMatch(new RegExp(`^  - ${field}: `, 'm'));
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace for a known error
    };
    const offlineResults = await Promise.all(offline.map((c) => cli(c.args)));
    offline.forEach((c, i) => expectRefused(c, offlineResults[i] ?? { code: null, stdout: '', stderr: 'not run' }));
    for (const c of online) expectRefused(c, await cli(c.args));
    expect(await counts()).toEqual(before);
  }, 120_000);
});

describe('antoan audit verify', () => {
  type Row = Record<string, unknown> & { seq: number; hash: string };

  /** With the append-only trigger off, as someone with database rights could. */
  async function tamper(sqlText: string, values: unknown[] = []): Promise<void> {
    await withDatabase(async (database) => {
      await database.sql.executeSql('alter table audit_log disable trigger audit_log_append_only');
      try {
        await database.sql.executeSql(sqlText, values);
      } finally {
        await database.sql.executeSql('alter table audit_log enable trigger audit_log_append_only');
      }
    });
  }

  async function auditRow(which: 'middle' | 'last'): Promise<Row & { json: string }> {
    return withDatabase(async (database) => {
      const order = which === 'last' ? 'seq desc limit 1' : 'seq asc limit 1 offset (select count(*) / 2 from audit_log)';
      const [row] = await rows<Row & { json: string }>(database, `select a.*, to_jsonb(a)::text as json from audit_log a order by ${order}`);
      if (row === undefined) throw new Error('empty audit log');
      return { ...row, seq: Number(row.seq) };
    });
  }

  /** Put a removed row back exactly as it was, and check the chain is whole again. */
  async function restoreRow(json: string): Promise<void> {
    await tamper('insert into audit_log select * from jsonb_populate_record(null::audit_log, $1::jsonb)', [json]);
    await expectIntactInProcess();
  }

  async function expectIntactInProcess(): Promise<void> {
    const result = await withDatabase((database) => verifyAuditChain(database.db));
    expect(result.problems).toEqual([]);
  }

  async function expectAltered(problems: RegExp[]): Promise<CliResult> {
    const result = await cli(['audit', 'verify']);
    expect(result.code, result.stdout).toBe(1);
    expect(result.stderr).toMatch(/^AUDIT CHAIN ALTERED: \d+ problem\(s\)/);
    for (const problem of problems) expect(result.stderr).toMatch(problem);
    return result;
  }

  it('exits 0 on an intact log', async () => {
    const { audit } = await counts();
    const result = await cli(['audit', 'verify']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`audit chain intact: ${audit} entries, head #${audit}`);
  });

  it('is backed by the database: a plain UPDATE, DELETE or TRUNCATE of audit_log is refused', async () => {
    await withDatabase(async (database) => {
      await expect(database.sql.executeSql(`update audit_log set summary = '{}'::jsonb where seq = 1`)).rejects.toThrow(/append-only/);
      await expect(database.sql.executeSql('delete from audit_log where seq = 1')).rejects.toThrow(/append-only/);
      await expect(database.sql.executeSql('truncate audit_log')).rejects.toThrow(/append-only/);
    });
    await expectIntactInProcess();
  });

  it('(a) finds an edited row: hash_mismatch at its seq', async () => {
    const row = await auditRow('middle');
    await tamper(`update audit_log set summary = summary || '{"name": "Sửa lén"}'::jsonb where seq = $1`, [row.seq]);
    const result = await expectAltered([new RegExp(`^  #${row.seq} hash_mismatch: `, 'm')]);
    expect(result.stderr).toMatch(/^AUDIT CHAIN ALTERED: 1 problem\(s\)/);
    // Undo the edit: the same content hashes the same again.
    await tamper('update audit_log set summary = $1::jsonb where seq = $2', [JSON.stringify(row.summary), row.seq]);
    await expectIntactInProcess();
  }, 60_000);

  it('(b) finds a deleted middle row: sequence_gap and prev_hash_mismatch at the next seq', async () => {
    const row = await auditRow('middle');
    await tamper('delete from audit_log where seq = $1', [row.seq]);
    await expectAltered([new RegExp(`^  #${row.seq + 1} sequence_gap: expected entry ${row.seq}, found ${row.seq + 1}`, 'm'), new RegExp(`^  #${row.seq + 1} prev_hash_mismatch: `, 'm')]);
    await restoreRow(row.json);
  }, 60_000);

  it('(c) finds a forged row appended without the head: head_mismatch', async () => {
    const last = await auditRow('last');
    const fields = {
      seq: last.seq + 1,
      at: new Date(Math.floor(Date.now())),
      actorType: 'system',
      actorId: null,
      actorLabel: 'cli:intruder',
      orgId: null,
      action: 'org.update',
      subjectType: 'organization',
      subjectId: null,
      summary: { status: { from: 'suspended', to: 'active' } },
      requestId: null,
    };
    // A hash that is right for its content and links to the last entry: only the head gives it away.
    await tamper(
      `insert into audit_log (seq, at, actor_type, actor_label, action, subject_type, summary, prev_hash, hash)
       values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)`,
      [fields.seq, fields.at.toISOString(), fields.actorType, fields.actorLabel, fields.action, fields.subjectType, JSON.stringify(fields.summary), last.hash, entryHash(last.hash, fields)],
    );
    const result = await expectAltered([new RegExp(`^  #${fields.seq} head_mismatch: the chain ends at entry ${fields.seq} but the recorded head is entry ${last.seq}`, 'm')]);
    expect(result.stderr).not.toMatch(/hash_mismatch: content|sequence_gap|prev_hash_mismatch/);
    await tamper('delete from audit_log where seq = $1', [fields.seq]);
    await expectIntactInProcess();
  }, 60_000);

  it('(d) finds the last row deleted: head_mismatch', async () => {
    const last = await auditRow('last');
    await tamper('delete from audit_log where seq = $1', [last.seq]);
    await expectAltered([new RegExp(`^  #${last.seq - 1} head_mismatch: the chain ends at entry ${last.seq - 1} but the recorded head is entry ${last.seq}`, 'm')]);
    await restoreRow(last.json);
    const result = await cli(['audit', 'verify']);
    expect(result.code, result.stderr).toBe(0);
  }, 60_000);
});

describe(`one process per embedded database (${engine})`, () => {
  async function orgSlugs(url: string): Promise<string[]> {
    const response = await fetch(`${url}/api/v1/orgs`, { headers: { authorization: `Bearer ${nationalToken}` } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: { slug: string }[] }).items.map((org) => org.slug);
  }

  it(
    engine === 'pglite'
      ? 'refuses a command while the server runs (exit 3, naming its pid and port), without harm to the data'
      : 'lets a command run beside the server on PostgreSQL, without harm to the data',
    async () => {
      const before = await counts();
      const server = await startServer(instance.env);
      try {
        const during = await cli(['org', 'create', '--slug', 'trong-khi-chay', '--name', 'Trong khi chạy', '--kind', 'telecom']);
        if (engine === 'pglite') {
          expect(during.code).toBe(3);
          expect(during.stderr).toMatch(/^error DATABASE_BUSY: /);
          expect(during.stderr).toContain(`pid ${server.child.pid ?? 'unknown'}`);
          expect(during.stderr).toContain(`port ${server.port}`);
          expect(during.stderr).toContain(`http://localhost:${server.port}`);
          expect(during.stderr).toMatch(/web pages or API/);
          expect(await orgSlugs(server.url)).not.toContain('trong-khi-chay');
        } else {
          expect(during.code, during.stderr).toBe(0);
          expect(await orgSlugs(server.url)).toContain('trong-khi-chay');
        }
      } finally {
        expect((await server.stop('SIGTERM')).code).toBe(0);
      }

      const verify = await cli(['audit', 'verify']);
      expect(verify.code, verify.stderr).toBe(0);
      const after = await counts();
      expect(after.orgs).toBe(before.orgs + (engine === 'pglite' ? 0 : 1));

      // And the server starts again on the same data.
      const again = await startServer(instance.env);
      try {
        expect(await orgSlugs(again.url)).toEqual(expect.arrayContaining(['quoc-gia', 'ngan-hang-a']));
      } finally {
        expect((await again.stop('SIGTERM')).code).toBe(0);
      }
    },
    120_000,
  );

  it('gives up cleanly when its port is taken: exit 1, nothing left holding the data', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    try {
      const { port } = blocker.address() as AddressInfo;
      // Killed (code null) if it hangs instead of exiting.
      const result = await cli(['serve'], { PORT: String(port) }, 20_000);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain('EADDRINUSE');
      expect(existsSync(path.join(instance.dataDir, 'antoan.lock'))).toBe(false);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 60_000);
});
