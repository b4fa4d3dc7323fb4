import type { Clock } from '../../core/clock.ts';
import type { Config } from '../../core/config.ts';
import type { SecretBox } from '../../core/crypto.ts';
import type { Database } from '../../core/db.ts';
import type { EventBus } from '../../core/events.ts';
import type { LiveIndex } from '../reputation/index.ts';
import type { Notifier } from './engine/notifier.ts';

/** What the alerts module's routes and pages are built with. */
export type AlertsDeps = { database: Database; clock: Clock; box: SecretBox; config: Config; events: EventBus; notifier: Notifier; live: LiveIndex };
