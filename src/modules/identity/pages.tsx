import type { Clock } from '../../core/clock.ts';
import type { Config } from '../../core/config.ts';
import type { SecretBox } from '../../core/crypto.ts';
import type { Database } from '../../core/db.ts';
import type { AppInstance } from '../../core/http/types.ts';
import { registerAdminPages } from './admin-pages.tsx';
import { registerAuthPages } from './auth-pages.tsx';

/** Every identity page: login and account, administration of organisations, people and tokens. */
export function registerIdentityPages(
  app: AppInstance,
  deps: { database: Database; clock: Clock; box: SecretBox; config: Config; loginRateLimit: { max: number; timeWindow: number } },
): void {
  registerAuthPages(app, deps);
  registerAdminPages(app, deps);
}
