import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmptyServerDatabase, SERVER_URL } from './database.ts';

/** The checkout root: child processes run `bin/antoan.js` from here. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const CHILD_ADMIN_EMAIL = 'admin@child.antoan';
export const CHILD_ADMIN_PASSWORD = 'child-admin-password-123';
export const CHILD_SECRET = 'child-process-secret-0123456789abcdef';

const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

type Env = Record<string, string>;

/** Every child still running, so a failed test can still kill them all in afterAll. */
const running = new Set<ChildProcess>();

/** One instance's storage: a data directory and, under PostgreSQL, its own fresh database. */
export type Instance = {
  dataDir: string;
  /** DATABASE_URL of the instance, or null on PGlite. */
  databaseUrl: string | null;
  /** The controlled environment for `antoan` child processes on this instance. */
  env: Env;
  /** Remove the data directory and drop the database. */
  destroy(): Promise<void>;
};

/**
 * A fresh instance on the engine under test: PGlite in a new data directory, or
 * (when DATABASE_URL is set) a new empty PostgreSQL database the child migrates itself.
 */
export async function createInstance(extra: Env = {}): Promise<Instance> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'antoan-proc-'));
  const server = SERVER_URL === null ? null : await createEmptyServerDatabase();
  const env: Env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dataDir,
    ANTOAN_DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    ANTOAN_ADMIN_EMAIL: CHILD_ADMIN_EMAIL,
    ANTOAN_ADMIN_PASSWORD: CHILD_ADMIN_PASSWORD,
    ANTOAN_SECRET: CHILD_SECRET,
    ...(server !== null && { DATABASE_URL: server.url }),
    ...extra,
  };
  return {
    dataDir,
    databaseUrl: server?.url ?? null,
    env,
    async destroy() {
      await server?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function spawnAntoan(args: string[], env: Env): ChildProcess {
  // vitest already runs on the project's Node 24, so its binary runs the CLI too.
  const child = spawn(process.execPath, ['bin/antoan.js', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** What a finished CLI command printed and how it exited. */
export type CliResult = { code: number | null; stdout: string; stderr: string };

/** Run `antoan <args>` to completion. */
export async function runCli(args: string[], env: Env, timeoutMs = 60_000): Promise<CliResult> {
  const child = spawnAntoan(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const { code } = await exitOf(child);
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** A running `antoan serve`. */
export type ServerProcess = {
  url: string;
  port: number;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Send `signal` (SIGTERM by default) and wait for the exit; SIGKILL if it does not stop in time. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

const BANNER = /^antoan [a-z+]+ · (pglite|postgres) · (http:\/\/localhost:(\d+))\s*$/m;

/** Start `antoan serve` and wait until it prints the line that says it listens. */
export async function startServer(env: Env, args: string[] = []): Promise<ServerProcess> {
  const child = spawnAntoan(['serve', ...args], env);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = exitOf(child);

  const listening = await new Promise<RegExpExecArray>((resolve, reject) => {
    const fail = (why: string) => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`antoan serve ${why}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`));
    };
    const check = () => {
      const match = BANNER.exec(stdout);
      if (match !== null) {
        cleanup();
        resolve(match);
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => fail(`exited before listening (code ${code}, signal ${signal})`);
    const timer = setTimeout(() => fail(`did not listen within ${STARTUP_TIMEOUT_MS / 1000} s`), STARTUP_TIMEOUT_MS);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', check);
    child.once('exit', onExit);
  });

  const url = listening[2] ?? '';
  return {
    url,
    port: Number(listening[3]),
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
}

/** Kill every child still running (for afterAll, after a test failed half-way). */
export async function killAllChildren(): Promise<void> {
  const children = [...running];
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(children.map(exitOf));
}

/** The token `antoan token create` printed. */
export function tokenFrom(stdout: string): string {
  const match = /^\s*token:\s+(antoan_\S+)\s*$/m.exec(stdout);
  if (match?.[1] === undefined) throw new Error(`no token in:\n${stdout}`);
  return match[1];
}
