import { buildApp } from '../app.ts';
import type { Config, Role } from '../core/config.ts';
import { updateLockPort } from '../core/data-dir.ts';
import type { AppInstance } from '../core/http/types.ts';
import type { JobQueue } from '../core/jobs.ts';
import type { PeriodicTask } from '../core/periodic.ts';
import { buildJobQueue, createEventBus, createNotifier, openRuntime, periodicTasks, prepareData, type Runtime } from '../runtime.ts';
import type { BootstrapResult } from '../modules/identity/index.ts';

/** Print where the server is and, on first start, the admin's credentials (stdout only, never the log). */
function printBanner(url: string, roles: Role[], engine: string, bootstrap: BootstrapResult): void {
  const lines = [`antoan ${roles.join('+')} · ${engine} · ${roles.includes('web') ? url : 'no HTTP (worker only)'}`];
  if (bootstrap !== null) {
    lines.push('', 'Lần chạy đầu: đã tạo tài khoản quản trị / First start: an administrator was created.', `  email:    ${bootstrap.email}`);
    lines.push(
      bootstrap.generated
        ? `  password: ${bootstrap.password ?? ''}   (một lần / one-time: change it and set up two-factor at first login)`
        : '  password: (from ANTOAN_ADMIN_PASSWORD)',
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * Wait for the first SIGTERM or SIGINT; a second one exits at once. Listening
 * from the very start means a signal that arrives while the server is still
 * starting (or just after the banner) leads to a clean shutdown, not to Node's
 * default of dying on the spot with jobs and the data-dir lock left behind.
 */
function listenForStop(): { requested: Promise<NodeJS.Signals>; dispose(): void } {
  let received = false;
  let resolve: (signal: NodeJS.Signals) => void = () => undefined;
  const requested = new Promise<NodeJS.Signals>((r) => (resolve = r));
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) process.exit(1); // a second signal: stop now
    received = true;
    resolve(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    requested,
    dispose() {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    },
  };
}

/**
 * Stop taking requests and let in-flight ones finish, then jobs, then the
 * database — whatever was opened. Every step runs even if an earlier one fails
 * (so nothing is left holding the process open); the first failure is rethrown.
 */
async function closeAll(app: AppInstance | null, tasks: PeriodicTask[], jobs: JobQueue | null, runtime: Runtime | null): Promise<void> {
  const steps = [() => app?.close(), ...tasks.map((task) => () => task.stop()), () => jobs?.stop(), () => runtime?.close()];
  let failure: Error | null = null;
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failure ??= error instanceof Error ? error : new Error(String(error));
    }
  }
  if (failure !== null) throw failure;
}

/** `antoan serve`: migrate, seed, bootstrap, then run the web and/or worker roles until SIGTERM. */
export async function serve(config: Config): Promise<void> {
  const stop = listenForStop();
  let runtime: Runtime | null = null;
  let jobs: JobQueue | null = null;
  let app: AppInstance | null = null;
  let tasks: PeriodicTask[] = [];
  try {
    runtime = await openRuntime(config, { command: 'serve' });
    const bootstrap = await prepareData(runtime);
    jobs = buildJobQueue(runtime, { worker: config.roles.includes('worker') });
    await jobs.start();
    const notifier = createNotifier(runtime.box);
    const events = createEventBus(jobs, notifier);
    if (config.roles.includes('worker')) {
      tasks = periodicTasks(runtime, events, notifier);
      for (const task of tasks) task.start();
    }
    app = config.roles.includes('web')
      ? await buildApp({ config, database: runtime.database, clock: runtime.clock, box: runtime.box, events, notifier, logger: runtime.logger })
      : null;
    if (app !== null) {
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : config.port;
      if (config.databaseUrl === null) updateLockPort(config.dataDir, port);
      printBanner(config.port === port ? config.publicUrl : `http://localhost:${port}`, config.roles, runtime.database.engine, bootstrap);
    } else {
      printBanner(config.publicUrl, config.roles, runtime.database.engine, bootstrap);
    }
  } catch (error) {
    // A failed start (port taken, database unreachable) must not leave the process
    // hanging on an open pool or holding the data directory.
    stop.dispose();
    await closeAll(app, tasks, jobs, runtime).catch(() => undefined);
    throw error;
  }

  const signal = await stop.requested;
  runtime.logger.info({ signal }, 'shutting down');
  try {
    await closeAll(app, tasks, jobs, runtime);
    process.exit(0);
  } catch (error) {
    runtime.logger.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}
