// A user's in-app inbox: their own delivered in-app notifications, rendered when read (in the
// reader's language, so switching language switches the inbox), and marking them read. Only the
// user behind a web session has an inbox: a token acts for an organisation, not a person.
import type { SecretBox } from '../../../core/crypto.ts';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../../core/db.ts';
import { AppError } from '../../../core/errors.ts';
import type { Locale } from '../../../core/i18n.ts';
import { requireSession } from '../../identity/index.ts';
import type { NotificationRow, Rendered } from '../engine/model.ts';
import * as repo from '../engine/repository.ts';
import type { TemplateRegistry } from '../engine/templates.ts';
import { NOTIFICATION_LIMITS } from './schema.ts';

/** What rendering needs: the registry and the public address links point to. */
export type RenderDeps = { templates: TemplateRegistry; publicUrl: string; box: SecretBox };

/** One inbox entry as the reader sees it: rendered, never the raw data. */
export type InboxEntry = { id: string; template: string; subject: string; text: string; createdAt: Date; readAt: Date | null };

/** The user whose inbox this request reads: a session past two-factor, else 401/403. */
export function inboxUserOf(request: FastifyRequest): string {
  if (request.actor.type === 'token') throw new AppError('FORBIDDEN', 'An inbox belongs to a person: use a web session.');
  const session = requireSession(request);
  // A session half-way through login must not read what the account is told.
  if (session.twoFactor !== null) throw new AppError('TWO_FACTOR_REQUIRED');
  return session.actor.userId;
}

/**
 * A notification rendered by its template with its own data, or null when the template is gone
 * or refuses the data (an old row outliving a template change must not break a whole page).
 */
export async function renderRow(db: Db, deps: RenderDeps, row: Pick<NotificationRow, 'template' | 'data'>, locale: Locale): Promise<Rendered | null> {
  if (!deps.templates.has(row.template)) return null;
  try {
    return await deps.templates.render(row.template, { db, locale, publicUrl: deps.publicUrl, box: deps.box }, [row.data]);
  } catch {
    return null;
  }
}

/** The user's newest in-app notifications, rendered in `locale`, and how many are unread. */
export async function readInbox(db: Db, deps: RenderDeps, userId: string, locale: Locale, fallback: string): Promise<{ items: InboxEntry[]; unread: number }> {
  const rows = await repo.inboxOf(db, userId, NOTIFICATION_LIMITS.inbox);
  const items = await Promise.all(
    rows.map(async (row): Promise<InboxEntry> => {
      const rendered = await renderRow(db, deps, row, locale);
      return { id: row.id, template: row.template, subject: rendered?.subject ?? fallback, text: rendered?.text ?? '', createdAt: row.createdAt, readAt: row.readAt };
    }),
  );
  return { items, unread: await repo.unreadCount(db, userId) };
}

/** Mark some of the user's notifications read; ids of anyone else's are ignored. */
export async function markInboxRead(tx: Db, userId: string, ids: readonly string[], now: Date): Promise<{ marked: number; unread: number }> {
  const marked = await repo.markRead(tx, userId, [...new Set(ids)], now);
  return { marked, unread: await repo.unreadCount(tx, userId) };
}
