// The trust registry's pages: the public application form and directory, and the staff review.
import type { AppInstance } from '../../../../core/http/types.ts';
import type { ReputationDeps } from '../../routes.ts';
import { registerApplicationPage } from './admin-application.tsx';
import { registerQueuePage } from './admin-queue.tsx';
import { registerApplyPages } from './apply.tsx';
import { registerDirectoryPages } from './directory.tsx';

/** /trust (directory, apply, badges) and /admin/trust (review). */
export function registerTrustPages(app: AppInstance, deps: ReputationDeps): void {
  registerApplyPages(app, deps);
  registerDirectoryPages(app, deps);
  registerQueuePage(app, deps);
  registerApplicationPage(app, deps);
}
