import { AppError } from '../../core/errors.ts';

const DAY_MS = 86_400_000;

/**
 * At most `perDay` reports from one client about the same target in 24 hours,
 * so one person cannot flood a case (or bury a rival's site in reports). In
 * process memory, like the other rate limits: behind several web processes
 * each keeps its own count (a shared store is the next step, see ARCHITECTURE).
 */
export class TargetRateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly perDay: number) {}

  /** Count this report against each of its targets, or refuse it (429) without counting. */
  admit(client: string, targets: readonly { type: string; value: string }[], now: Date): void {
    const since = now.getTime() - DAY_MS;
    const keys = targets.map((t) => `${client}\n${t.type}:${t.value}`);
    const recent = keys.map((key) => (this.hits.get(key) ?? []).filter((at) => at > since));
    const full = recent.findIndex((list) => list.length >= this.perDay);
    if (full !== -1) {
      throw new AppError('RATE_LIMITED', 'You have already reported this target several times today. Thank you: staff will look at it.', [{ field: `targets[${full}]`, message: `at most ${this.perDay} reports of the same target per day` }]);
    }
    keys.forEach((key, index) => this.hits.set(key, [...(recent[index] ?? []), now.getTime()]));
    if (this.hits.size > 100_000) this.sweep(since);
  }

  private sweep(since: number): void {
    for (const [key, list] of this.hits) if (!list.some((at) => at > since)) this.hits.delete(key);
  }
}
