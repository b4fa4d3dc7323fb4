// The advisory pages: the public list and page, the staff's list and page with the review forms,
// and the form that writes and edits drafts.
import type { AppInstance } from '../../../../core/http/types.ts';
import type { AlertsDeps } from '../../deps.ts';
import { registerAdvisoryFormPages } from './form-page.tsx';
import { registerPublicAdvisoryPages } from './public-pages.tsx';
import { registerStaffAdvisoryPages } from './staff-pages.tsx';

/** Every advisory page. */
export function registerAdvisoryPages(app: AppInstance, deps: AlertsDeps): void {
  registerPublicAdvisoryPages(app, deps);
  registerStaffAdvisoryPages(app, deps);
  registerAdvisoryFormPages(app, deps);
}
