// Public advisories (cảnh báo): bilingual Markdown warnings written by authority staff, published
// when a supervisor other than the author approves them, shown on the public site, the JSON API
// and an Atom feed, with the live status of the indicators they link.
import type { AppInstance } from '../../../core/http/types.ts';
import type { AlertsDeps } from '../deps.ts';
import { registerAdvisoryFeed } from './feed.ts';
import { registerAdvisoryPages } from './pages/index.ts';
import { registerAdvisoryRoutes } from './routes.ts';

export { ADVISORY_PUBLISHED, ADVISORY_STATUSES, AUDIENCES, SEVERITIES, advisoryPath, referenceOf, type AdvisoryPublished, type AdvisoryStatus, type Audience, type Severity } from './model.ts';
export { renderAdvisoryMarkdown } from './markdown.ts';
export { createAdvisory, editAdvisory } from './drafting.ts';
export { approveAdvisory, archiveAdvisory, returnAdvisory, submitAdvisory } from './workflow.ts';
export type { AdvisoryContent } from './content.ts';
export type { AdvisoryRow } from './repository.ts';

/**
 * Advisory routes, pages and feeds. Advisories have no message templates of their own: publishing
 * announces `advisory.published`, and the subscriptions part chooses recipients and words.
 */
export function registerAdvisories(app: AppInstance, deps: AlertsDeps): void {
  registerAdvisoryRoutes(app, deps);
  registerAdvisoryFeed(app, deps);
  registerAdvisoryPages(app, deps);
}
