import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';

/** The query builder, bound either to the pool or to one transaction. Repositories take this. */
export type Db = PgDatabase<PgQueryResultHKT>;

/** Raw SQL with $n parameters; the shape pg-boss expects of a `db`. */
export type SqlExecutor = { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };

/** What a transaction hands to the code inside it. */
export type Tx = { db: Db; sql: SqlExecutor };

export type Engine = 'pglite' | 'postgres';

/** One database, embedded or server, with the same surface. */
export interface Database {
  readonly engine: Engine;
  /** Autocommit query builder. Never use it inside `transaction` on PGlite: it would wait for the transaction. */
  readonly db: Db;
  readonly sql: SqlExecutor;
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  migrate(): Promise<void>;
  /** True when every migration in ./drizzle has been applied. */
  migrationsApplied(): Promise<boolean>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('../../drizzle', import.meta.url));
// Any fixed number; taken so two processes never migrate at once.
const MIGRATION_LOCK_KEY = 7_241_001;

/** Open PGlite at `dataDir` (or in memory with null) or PostgreSQL at `url`. */
export async function openDatabase(options: { url: string | null; pgliteDir: string | null }): Promise<Database> {
  if (options.url !== null) return openPostgres(options.url);
  return openPglite(options.pgliteDir);
}

async function openPglite(dir: string | null): Promise<Database> {
  const client = dir === null ? new PGlite() : new PGlite(dir);
  await client.waitReady;
  const executor = (target: Pick<PGlite, 'query' | 'exec'>): SqlExecutor => ({
    async executeSql(text, values = []) {
      if (values.length === 0) {
        const results = await target.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }
      return { rows: (await target.query(text, values)).rows };
    },
  });
  const db = asDb(drizzlePglite(client));
  return {
    engine: 'pglite',
    db,
    sql: executor(client),
    async transaction(fn) {
      return client.transaction(async (t) =>
        // A PGlite transaction has the query surface drizzle uses; the type says PGlite only.
        fn({ db: asDb(drizzlePglite(t as unknown as PGlite)), sql: executor(t) }),
      );
    },
    async migrate() {
      await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_DIR });
    },
    migrationsApplied: () => countApplied(executor(client)),
    async ping() {
      await client.query('select 1');
    },
    async close() {
      if (!client.closed) await client.close();
    },
  };
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => undefined); // idle client errors surface on the next query instead
  const executor = (target: pg.Pool | pg.PoolClient): SqlExecutor => ({
    async executeSql(text, values = []) {
      return { rows: (await target.query(text, values)).rows as unknown[] };
    },
  });
  return {
    engine: 'postgres',
    db: asDb(drizzlePg(pool)),
    sql: executor(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({ db: asDb(drizzlePg(client)), sql: executor(client) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS_DIR });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        client.release();
      }
    },
    migrationsApplied: () => countApplied(executor(pool)),
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      // Idempotent like the PGlite engine: pg throws when a pool is ended twice.
      if (!pool.ending && !pool.ended) await pool.end();
    },
  };
}

/** The one row an `insert … returning` must give back. */
export function insertedRow<T>(rows: T[]): T {
  const [row] = rows;
  if (row === undefined) throw new Error('insert returned nothing');
  return row;
}

// Both drivers' databases are PgDatabase; only their result-kind parameter differs.
function asDb(database: object): Db {
  return database as Db;
}

function expectedMigrations(): number {
  const journal = JSON.parse(readFileSync(`${MIGRATIONS_DIR}/meta/_journal.json`, 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

async function countApplied(sql: SqlExecutor): Promise<boolean> {
  try {
    const { rows } = await sql.executeSql('select count(*)::int as n from drizzle.__drizzle_migrations');
    const first = rows[0] as { n: number } | undefined;
    return (first?.n ?? 0) >= expectedMigrations();
  } catch {
    return false;
  }
}
