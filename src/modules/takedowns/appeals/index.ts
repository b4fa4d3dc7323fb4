// Public surface of takedown appeals: the routes and pages, the appellant email job, and the
// per-organisation counts the transparency table merges in.
export { registerTakedownAppeals } from './routes.ts';
export type { AppealDeps } from './http.ts';
export { appellantTemplate } from './mail.ts';
export { appealFiguresByOrganization, type AppealFigures } from './figures.ts';
export { RESTORE_EVENT } from './decisions.ts';
