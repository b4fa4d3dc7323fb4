// A staff-only file route (report and appeal evidence): the caller's permission is checked by the
// module's read function, every view is audited in the same transaction (evidence can show people,
// so each view is an access to personal data), and the file goes back sandboxed and never cached.
import { Type } from 'typebox';
import type { Clock } from '../../core/clock.ts';
import type { Database, Db } from '../../core/db.ts';
import { sendUploadedFile } from '../../core/http/uploads.ts';
import type { AppInstance } from '../../core/http/types.ts';
import { recordAudit } from './audit-trail.ts';
import { contextOf } from './http.ts';
import type { Context } from './model.ts';

type StoredFile = { id: string; contentType: string; fileName: string };

export type EvidenceRoute<E extends StoredFile> = {
  /** The path, with `:id` for the file's id. */
  path: string;
  read: (db: Db, ctx: Context, id: string) => Promise<{ evidence: E; bytes: Uint8Array }>;
  /** How the view is audited: the action, the subject type, and what the entry should say. */
  audit: (evidence: E) => { action: string; subjectType: string; summary: Record<string, unknown> };
};

export function registerEvidenceRoute<E extends StoredFile>(app: AppInstance, deps: { database: Database; clock: Clock }, route: EvidenceRoute<E>): void {
  app.get(route.path, { schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 40 }) }, { additionalProperties: false }) } }, async (request, reply) => {
    const ctx = contextOf(request, deps.clock);
    const { evidence, bytes } = await deps.database.transaction(async (tx) => {
      const found = await route.read(tx.db, ctx, request.params.id);
      await recordAudit(tx.db, ctx, { orgId: null, subjectId: found.evidence.id, ...route.audit(found.evidence) });
      return found;
    });
    return sendUploadedFile(reply, evidence, bytes);
  });
}
