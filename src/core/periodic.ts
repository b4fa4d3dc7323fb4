import type { Logger } from 'pino';

/**
 * Run `task` every `intervalMs` in this process, one run at a time, logging
 * failures and trying again at the next tick; `stop` waits for the run in
 * progress and runs once more, so nothing queued is left behind at shutdown.
 * For work that must follow writes within a second (pg-boss schedules are per
 * minute), in worker processes only.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly name: string,
    private readonly task: () => Promise<number>,
    private readonly log: Logger,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running = this.running.then(() => this.runOnce());
    }, this.intervalMs);
    this.timer.unref();
  }

  private async runOnce(): Promise<void> {
    try {
      const done = await this.task();
      if (done > 0) this.log.debug({ task: this.name, done }, 'periodic task ran');
    } catch (error) {
      this.log.error({ err: error, task: this.name }, 'periodic task failed; retrying at the next tick');
    }
  }

  /** Stop ticking, finish the current run, and run once more. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.runOnce();
  }
}
