// Pieces the notification pages share: times in Vietnam time, status badges, the retry form of a
// dead letter, the rendered message (subject, text, SMS, webhook JSON) and the flash of a retry.
import { formatTime, type Locale } from '../../../core/i18n.ts';
import { Badge, Card, CsrfField, DefinitionList } from '../../../web/components.tsx';
import type { Html } from '../../../web/jsx/jsx-runtime.ts';
import { safeNextPath } from '../../../web/shell-pages.tsx';
import type { Rendered } from '../engine/model.ts';
import { HELD_LABELS, labelOf, notificationMessage as m, STATUS_LABELS } from './messages.ts';

/** Where the delivery log lives; retries send people back under it, never anywhere else. */
export const LOG_PATH = '/admin/notifications';

/** A path under the delivery log to return to after a form, else the log itself. */
export function returnPath(value: string | undefined): string {
  const path = safeNextPath(value, LOG_PATH);
  return path === LOG_PATH || path.startsWith(`${LOG_PATH}?`) || path.startsWith(`${LOG_PATH}/`) ? path : LOG_PATH;
}

/** The flash a page shows after a retry (`?done=retried&n=2` or `?done=conflict`). */
export function retryFlash(query: { done?: string | undefined; n?: number | undefined }, l: Locale): { kind: 'success' | 'error'; message: string } | null {
  if (query.done === 'retried') return { kind: 'success', message: m(l, 'retried', { count: query.n ?? 0 }) };
  if (query.done === 'conflict') return { kind: 'error', message: m(l, 'retryConflict') };
  return null;
}

/** A time in Vietnam time, machine-readable too. */
export function When(props: { at: Date | null; l: Locale }): Html {
  if (props.at === null) return <>—</>;
  return <time datetime={props.at.toISOString()}>{formatTime(props.at, props.l)}</time>;
}

const TONES: Record<string, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = { pending: 'info', delivered: 'success', failed: 'danger', cancelled: 'neutral' };

/** A notification's status as a badge (the words carry the meaning), and why a pending one waits. */
export function StatusBadge(props: { status: string; held: string | null; l: Locale }): Html {
  const { l } = props;
  return (
    <>
      <Badge tone={TONES[props.status] ?? 'neutral'}>{labelOf(STATUS_LABELS, props.status, l)}</Badge>
      {props.status === 'pending' && props.held !== null ? <> <Badge tone="neutral">{labelOf(HELD_LABELS, props.held, l)}</Badge></> : null}
    </>
  );
}

/** The "Retry" button of a dead letter: a form with the CSRF token and the page to come back to. */
export function RetryForm(props: { id: string; csrfToken: string; returnTo: string; label: string; l: Locale }): Html {
  return (
    <form method="post" action={`${LOG_PATH}/${props.id}/retry`} class="inline-form">
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="returnTo" value={props.returnTo} />
      <button type="submit" class="button button-secondary button-small" aria-label={props.label}>{m(props.l, 'retry')}</button>
    </form>
  );
}

/**
 * A rendered message as its channels would carry it: subject and text always (email and in-app),
 * the SMS text and the webhook JSON only for templates that go by them. `contentLang` marks the
 * message's language when it differs from the page's.
 */
export function RenderedMessage(props: { title: string; rendered: Rendered; channels: readonly string[]; l: Locale; contentLang?: Locale }): Html {
  const { rendered, l } = props;
  const lang = props.contentLang;
  const items = [
    { term: m(l, 'emailSubject'), description: <span lang={lang}>{rendered.subject}</span> },
    { term: m(l, 'emailText'), description: <pre class="pre-wrap" lang={lang}>{rendered.text}</pre> },
  ];
  if (props.channels.includes('sms')) items.push({ term: m(l, 'smsText'), description: <pre class="pre-wrap" lang={lang}>{rendered.sms ?? rendered.subject}</pre> });
  if (props.channels.includes('webhook')) items.push({ term: m(l, 'webhookJson'), description: <pre class="pre-wrap" lang={lang}>{JSON.stringify(rendered.webhook ?? {}, null, 2)}</pre> });
  return (
    <Card title={props.title}>
      <DefinitionList items={items} />
    </Card>
  );
}
