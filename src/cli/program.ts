import { Command, Option } from 'commander';
import { ConfigError, loadConfig, ROLES } from '../core/config.ts';
import { AppError } from '../core/errors.ts';
import { ORG_KINDS, ROLES as MEMBER_ROLES, SCOPES } from '../modules/identity/index.ts';
import { auditVerify, migrateOnly, orgCreate, tokenCreate, userCreate } from './admin-commands.ts';
import { registerImportCommands } from './import-command.ts';
import { serve } from './serve.ts';

/** Print a failure the way a person can act on it, and set the exit code. */
function fail(error: unknown): void {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  if (error instanceof AppError) {
    const details = error.details.map((d) => `  - ${d.field ? `${d.field}: ` : ''}${d.message}`).join('\n');
    process.stderr.write(`error ${error.code}: ${error.message}\n${details}${details ? '\n' : ''}`);
    process.exitCode = error.code === 'DATABASE_BUSY' ? 3 : 1;
    return;
  }
  process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}

function run(action: () => Promise<string | void>): () => Promise<void> {
  return async () => {
    try {
      const output = await action();
      if (typeof output === 'string') process.stdout.write(`${output}\n`);
    } catch (error) {
      fail(error);
    }
  };
}

/** The `antoan` command line. */
export function buildProgram(env: NodeJS.ProcessEnv = process.env): Command {
  const program = new Command('antoan')
    .description('An toàn — nền tảng vì không gian mạng an toàn, lành mạnh / a platform for a safe and healthy cyberspace')
    .showHelpAfterError();

  program
    .command('serve')
    .description('run the server (web pages, API, jobs); configuration from the environment (see README)')
    // No commander default: it would always override ANTOAN_ROLES (loadConfig defaults to web,worker).
    .addOption(new Option('--roles <roles>', `process roles, comma-separated (${ROLES.join(',')}; overrides ANTOAN_ROLES; default web,worker)`))
    .option('--port <port>', 'HTTP port (overrides PORT)')
    .action(async (options: { roles?: string; port?: string }) => {
      try {
        const config = loadConfig({ ...env, ...(options.roles !== undefined && { ANTOAN_ROLES: options.roles }), ...(options.port !== undefined && { PORT: options.port }) });
        await serve(config);
      } catch (error) {
        fail(error);
      }
    });

  program.command('migrate').description('apply database migrations and exit').action(run(() => migrateOnly(loadConfig(env))));

  const org = program.command('org').description('organisations (tenants)');
  org
    .command('create')
    .description('create an organisation')
    .requiredOption('--slug <slug>', 'short name: lower-case letters, digits, hyphens')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--kind <kind>', ORG_KINDS.join(' | '))
    .option('--scope <scope>', 'national | provincial (authorities only)')
    .option('--province <code>', 'province code (provincial authorities)')
    .option('--contact <email>', 'contact email')
    .action((options: Parameters<typeof orgCreate>[1]) => run(() => orgCreate(loadConfig(env), options))());

  const user = program.command('user').description('people');
  user
    .command('create')
    .description('create a user as a member of an organisation (prints a one-time password unless --password)')
    .requiredOption('--org <slug>', 'organisation short name')
    .requiredOption('--email <email>', 'email (login)')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--role <role>', MEMBER_ROLES.join(' | '))
    .option('--password <password>', 'initial password (at least 12 characters)')
    .action((options: Parameters<typeof userCreate>[1]) => run(() => userCreate(loadConfig(env), options))());

  const token = program.command('token').description('organisation API tokens');
  token
    .command('create')
    .description('create an API token (printed once)')
    .requiredOption('--org <slug>', 'organisation short name')
    .requiredOption('--name <name>', 'what the token is for')
    .requiredOption('--scopes <scopes>', `comma-separated: ${SCOPES.join(',')}`)
    .option('--expires <date>', 'expiry, ISO 8601')
    .action((options: Parameters<typeof tokenCreate>[1]) => run(() => tokenCreate(loadConfig(env), options))());

  const audit = program.command('audit').description('the audit log');
  audit
    .command('verify')
    .description('verify the hash chain; exits 1 if any row was edited, inserted or deleted')
    .action(async () => {
      try {
        const progress = process.stderr.isTTY ? (n: number) => process.stderr.write(`\rchecked ${n} entries`) : () => undefined;
        const result = await auditVerify(loadConfig(env), progress);
        if (process.stderr.isTTY) process.stderr.write('\n');
        (result.ok ? process.stdout : process.stderr).write(`${result.text}\n`);
        process.exitCode = result.ok ? 0 : 1;
      } catch (error) {
        fail(error);
      }
    });

  registerImportCommands(program, env, fail);

  return program;
}
