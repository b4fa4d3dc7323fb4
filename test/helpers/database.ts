import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/core/db.ts';

/** The engine the suite runs on: PostgreSQL when DATABASE_URL is set, else PGlite. */
export const SERVER_URL = process.env.DATABASE_URL ?? null;

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a new
 * PostgreSQL database (dropped on close) so parallel files never collide.
 */
export async function createTestDatabase(): Promise<{ database: Database; url: string | null; drop(): Promise<void> }> {
  if (SERVER_URL === null) {
    const database = await openDatabase({ url: null, pgliteDir: null });
    await database.migrate();
    return { database, url: null, drop: () => database.close() };
  }
  const name = `antoan_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = withDatabase(SERVER_URL, name);
  const database = await openDatabase({ url, pgliteDir: null });
  await database.migrate();
  return {
    database,
    url,
    async drop() {
      await database.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

/** An empty PostgreSQL database (for child processes that migrate it themselves). */
export async function createEmptyServerDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (SERVER_URL === null) throw new Error('DATABASE_URL is not set');
  const name = `antoan_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  return { url: withDatabase(SERVER_URL, name), drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function adminQuery(text: string): Promise<void> {
  if (SERVER_URL === null) return;
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
