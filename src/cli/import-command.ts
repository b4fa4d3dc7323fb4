// `antoan import indicators <file> --format <f> [--source <key>]`: read a file of indicators from
// disk as it streams, with a progress bar on a terminal (a plain line now and then otherwise),
// and print what changed. Exit codes: 0 imported, 1 the file cannot be read, 2 bad arguments,
// 3 the embedded database is held by a running server.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import { loadConfig, type Config } from '../core/config.ts';
import type { Context } from '../modules/identity/index.ts';
import { IMPORT_FORMATS, isImportFormat } from '../modules/reputation/imports/formats.ts';
import { importIndicators, SOURCE_KEY_PATTERN, type ImportProgress, type ImportResult } from '../modules/reputation/imports/service.ts';
import { openRuntime, prepareData } from '../runtime.ts';

/** Invalid lines printed after the summary. */
const SHOWN_PROBLEMS = 10;
const BAR_WIDTH = 24;

type Output = { write(text: string): unknown; isTTY?: boolean };

/**
 * Progress of an import on stderr: a bar redrawn in place (at most ten times a second) on a
 * terminal, a plain line every `plainEveryMs` otherwise (logs, CI).
 */
export class ImportProgressReporter {
  private lastDraw = -Infinity;
  private readonly started: number;

  constructor(
    private readonly out: Output,
    private readonly now: () => number = () => performance.now(),
    private readonly plainEveryMs = 5000,
  ) {
    this.started = now();
  }

  update(progress: ImportProgress): void {
    const at = this.now();
    if (at - this.lastDraw < (this.out.isTTY === true ? 100 : this.plainEveryMs)) return;
    this.lastDraw = at;
    const seconds = Math.max((at - this.started) / 1000, 0.001);
    const rate = Math.round(progress.entries / seconds).toLocaleString('en-US');
    const entries = progress.entries.toLocaleString('en-US');
    const fraction = progress.totalBytes !== null && progress.totalBytes > 0 ? Math.min(progress.bytesRead / progress.totalBytes, 1) : null;
    const percent = fraction === null ? '' : `${Math.floor(fraction * 100)}%`;
    if (this.out.isTTY === true) {
      const filled = Math.round((fraction ?? 0) * BAR_WIDTH);
      this.out.write(`\r[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${percent.padStart(4)} · ${entries} entries · ${rate}/s\u001b[K`);
    } else {
      this.out.write(`import: ${percent === '' ? `${progress.bytesRead} bytes` : percent} read, ${entries} entries (${rate}/s)\n`);
    }
  }

  /** End the bar's line. */
  done(): void {
    if (this.out.isTTY === true && this.lastDraw !== -Infinity) this.out.write('\n');
  }
}

/** The lines printed to stdout after an import: the counts, then the first invalid lines. */
export function importSummary(result: ImportResult): string {
  const lines = [`added ${result.added}, updated ${result.updated}, unchanged ${result.unchanged}, skipped ${result.skipped} (revoked), invalid ${result.invalid}`];
  if (result.ignored > 0) lines.push(`ignored ${result.ignored} (not verified by the source)`);
  for (const problem of result.problems.slice(0, SHOWN_PROBLEMS)) lines.push(`  line ${problem.line}: ${problem.reason}`);
  if (result.invalid > SHOWN_PROBLEMS) lines.push(`  … and ${result.invalid - SHOWN_PROBLEMS} more invalid lines`);
  return lines.join('\n');
}

// A failure of the file system while the file streams (the chunks read so far stay imported).
function isReadError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** Run the import; returns the exit code. */
export async function importIndicatorsCommand(config: Config, file: string, options: { format: string; source?: string }, io: { stdout: Output; stderr: Output } = process): Promise<number> {
  if (!isImportFormat(options.format)) {
    io.stderr.write(`error: --format must be one of ${IMPORT_FORMATS.join(', ')}\n`);
    return 2;
  }
  const sourceKey = options.source ?? `import:${options.format}`;
  if (!SOURCE_KEY_PATTERN.test(sourceKey)) {
    io.stderr.write('error: --source must be import:<name>, the name of 1–40 lower-case letters, digits, - or _\n');
    return 2;
  }
  // Checked before the database is opened: a file that cannot be read changes nothing.
  let size: number;
  try {
    const handle = await open(file, 'r');
    const stat = await handle.stat();
    await handle.close();
    if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTFILE' });
    size = stat.size;
  } catch (error) {
    io.stderr.write(`error: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}\n`);
    return 1;
  }

  const runtime = await openRuntime(config, { command: 'import indicators' });
  try {
    await prepareData(runtime);
    const ctx: Context = { actor: { type: 'system', label: 'cli import' }, requestId: null, now: runtime.clock.now() };
    io.stderr.write(`importing ${path.basename(file)} (${options.format}, ${size.toLocaleString('en-US')} bytes) as ${sourceKey}\n`);
    const reporter = new ImportProgressReporter(io.stderr);
    let result: ImportResult;
    try {
      result = await importIndicators(
        runtime.database,
        ctx,
        { format: options.format, sourceKey, fileName: path.basename(file), content: createReadStream(file), totalBytes: size },
        (progress) => reporter.update(progress),
        { clock: runtime.clock },
      );
    } catch (error) {
      reporter.done();
      if (!isReadError(error)) throw error;
      io.stderr.write(`error: cannot read ${file}: ${error.code}\n`);
      return 1;
    }
    reporter.done();
    io.stdout.write(`${importSummary(result)}\n`);
    return 0;
  } finally {
    await runtime.close();
  }
}

/** `antoan import …` — arguments that commander refuses exit with 2, like ours. */
export function registerImportCommands(program: Command, env: NodeJS.ProcessEnv, fail: (error: unknown) => void): void {
  const badArguments = (error: { exitCode: number }) => process.exit(error.exitCode === 0 ? 0 : 2);
  const imports = program.command('import').description('bring data in from files').exitOverride(badArguments);
  imports
    .command('indicators')
    .description('import a list of indicators (URLs, domains, …) from a file; re-importing the same file changes nothing')
    .argument('<file>', 'the file to read')
    .addOption(new Option('--format <format>', 'the file format').choices(IMPORT_FORMATS).makeOptionMandatory())
    .option('--source <key>', 'source key import:<name> (default import:<format>)')
    .exitOverride(badArguments)
    .action(async (file: string, options: { format: string; source?: string }) => {
      try {
        process.exitCode = await importIndicatorsCommand(loadConfig(env), file, options);
      } catch (error) {
        fail(error);
      }
    });
}
