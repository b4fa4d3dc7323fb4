import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_URL } from './helpers/database.ts';
import { createInstance, killAllChildren, runCli, startServer, tokenFrom, type Instance } from './helpers/process.ts';

// "Nothing lost" (BRIEF §8): a write the server acknowledged survives kill -9,
// on the engine under test (PGlite in a data directory, or PostgreSQL).
const engine = SERVER_URL === null ? 'pglite' : 'postgres';

let instance: Instance;
let bearer: { authorization: string };

beforeAll(async () => {
  instance = await createInstance();
  // The first command on an empty instance migrates and bootstraps the national authority.
  const created = await runCli(['token', 'create', '--org', 'quoc-gia', '--name', 't', '--scopes', 'org:read,org:write,users:write,users:read'], instance.env);
  expect(created.code, created.stderr).toBe(0);
  bearer = { authorization: `Bearer ${tokenFrom(created.stdout)}` };
});

afterAll(async () => {
  await killAllChildren();
  await instance.destroy();
});

async function createOrg(url: string, slug: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/orgs`, {
    method: 'POST',
    headers: { ...bearer, 'content-type': 'application/json' },
    body: JSON.stringify({ slug, name: `Nền tảng ${slug}`, kind: 'platform' }),
  });
  await response.arrayBuffer();
  return response.status;
}

async function listOrgSlugs(url: string): Promise<string[]> {
  const response = await fetch(`${url}/api/v1/orgs`, { headers: bearer });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { items: { slug: string }[] };
  return body.items.map((org) => org.slug);
}

describe(`A write that got a 2xx survives kill -9 (${engine})`, () => {
  it('keeps every organisation answered with 201, and the audit chain intact', async () => {
    const first = await startServer(instance.env);
    expect(first.stdout()).toContain(`· ${engine} ·`);
    const acknowledged: string[] = [];

    // One after another, each acknowledged before the next is sent.
    for (let i = 0; i < 5; i += 1) {
      const slug = `seq-${i}`;
      expect(await createOrg(first.url, slug)).toBe(201);
      acknowledged.push(slug);
    }

    // Then a burst in flight together: kill -9 the moment the fourth 201 arrives, with the
    // rest still in flight. Those may or may not have committed; every answered one must have,
    // including any 201 that reached us after the kill was sent.
    const burst = Array.from({ length: 12 }, (_, i) => `burst-${i}`);
    const otherStatuses: number[] = [];
    const settled = burst.map((slug) =>
      createOrg(first.url, slug).then(
        (status) => {
          if (status !== 201) return otherStatuses.push(status);
          acknowledged.push(slug);
          if (acknowledged.length === 5 + 4) first.child.kill('SIGKILL');
        },
        () => undefined, // connection cut by the kill
      ),
    );
    await Promise.all(settled);
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(otherStatuses).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(9);

    // Start again on the same data: everything acknowledged is there.
    const second = await startServer(instance.env);
    const slugs = await listOrgSlugs(second.url);
    expect(slugs).toEqual(expect.arrayContaining(['quoc-gia', ...acknowledged]));
    // Nothing invented: only organisations that were asked for.
    for (const slug of slugs) expect(['quoc-gia', ...burst, ...acknowledged]).toContain(slug);
    // The server takes new writes after the crash.
    expect(await createOrg(second.url, 'after-crash')).toBe(201);
    expect((await second.stop('SIGTERM')).code).toBe(0);

    const verify = await runCli(['audit', 'verify'], instance.env);
    expect(verify.stderr).toBe('');
    expect(verify.stdout).toMatch(/^audit chain intact: \d+ entries/);
    expect(verify.code).toBe(0);
  }, 180_000);

  it('stops on SIGTERM with exit code 0 within seconds and releases the data directory', async () => {
    const lockFile = path.join(instance.dataDir, 'antoan.lock');
    const server = await startServer(instance.env);
    if (engine === 'pglite') {
      // While it runs, the lock names the server and the port it listens on.
      const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number; port: number; command: string };
      expect(lock).toMatchObject({ pid: server.child.pid, port: server.port, command: 'serve' });
    } else {
      // A PostgreSQL server is shared by design: no embedded lock is taken.
      expect(existsSync(lockFile)).toBe(false);
    }
    const started = Date.now();
    const exit = await server.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(existsSync(lockFile)).toBe(false);

    // Released means usable: a command opens the same data right away.
    const verify = await runCli(['audit', 'verify'], instance.env);
    expect(verify.code, verify.stderr).toBe(0);
  }, 120_000);
});
