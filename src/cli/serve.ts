import { buildApp } from '../app.ts';
import type { Config, Role } from '../core/config.ts';
import { updateLockPort } from '../core/data-dir.ts';
import { buildJobQueue, openRuntime, prepareData } from '../runtime.ts';
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
 * Resolve on the first SIGTERM or SIGINT; a second one exits at once. Listening
 * from the very start means a signal that arrives while the server is still
 * starting (or just after the banner) leads to a clean shutdown, not to Node's
 * default of dying on the spot with the data-dir lock and jobs left behind.
 */
function stopRequested(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (received) process.exit(1); // a second signal: stop now
      received = true;
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

/** `antoan serve`: migrate, seed, bootstrap, then run the web and/or worker roles until SIGTERM. */
export async function serve(config: Config): Promise<void> {
  const stop = stopRequested();
  const runtime = await openRuntime(config, { command: 'serve' });
  const bootstrap = await prepareData(runtime);
  const jobs = buildJobQueue(runtime, { worker: config.roles.includes('worker') });
  await jobs.start();
  const app = config.roles.includes('web')
    ? await buildApp({ config, database: runtime.database, clock: runtime.clock, box: runtime.box, jobs, logger: runtime.logger })
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

  const signal = await stop;
  runtime.logger.info({ signal }, 'shutting down');
  try {
    // Stop taking requests and let in-flight ones finish, then jobs, then the database.
    if (app !== null) await app.close();
    await jobs.stop();
    await runtime.close();
    process.exit(0);
  } catch (error) {
    runtime.logger.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}
