// The channel adapters: who a row goes to (decrypted or looked up only now, at send time) and how
// a rendered message travels — SMTP, the SMS gateway, a signed webhook, or the user's in-app inbox
// (where the delivered row itself is the message).
import { organizationById } from '../../identity/index.ts';
import { findEndpoint } from '../endpoints/repository.ts';
import type { DeliveryDeps } from './dispatch.ts';
import type { NotificationRow, Rendered } from './model.ts';
import { sendWebhook } from './webhook.ts';

export type Resolved = { channel: 'email'; address: string } | { channel: 'sms'; phone: string } | { channel: 'webhook'; url: string; secret: string } | { channel: 'in_app' };

/** A failure no retry can mend (the endpoint was removed, the organisation has no address). */
export class PermanentFailure extends Error {
  readonly permanent = true;
}

/** Who the row goes to now. */
export async function resolveRecipient(deps: Pick<DeliveryDeps, 'database' | 'box'>, row: NotificationRow): Promise<Resolved> {
  switch (row.channel) {
    case 'in_app':
      return { channel: 'in_app' };
    case 'webhook': {
      const endpoint = row.endpointId === null ? null : await findEndpoint(deps.database.db, row.endpointId);
      if (endpoint === null || endpoint.disabledAt !== null) throw new PermanentFailure('the endpoint was removed');
      return { channel: 'webhook', url: endpoint.url, secret: deps.box.decrypt(endpoint.secretCiphertext) };
    }
    case 'sms':
      if (row.addressCiphertext === null) throw new PermanentFailure('no phone number');
      return { channel: 'sms', phone: deps.box.decrypt(row.addressCiphertext) };
    case 'email': {
      if (row.addressCiphertext !== null) return { channel: 'email', address: deps.box.decrypt(row.addressCiphertext) };
      const org = row.orgId === null ? null : await organizationById(deps.database.db, row.orgId);
      if (org?.contactEmail == null) throw new PermanentFailure('the organisation has no contact email');
      return { channel: 'email', address: org.contactEmail };
    }
    default:
      throw new PermanentFailure(`unknown channel ${row.channel}`);
  }
}

/** Send a rendered message; the receiver's HTTP status where there is one. */
export async function sendTo(deps: Pick<DeliveryDeps, 'mailer' | 'sms' | 'config'>, to: Resolved, message: Rendered, meta: { messageId: string; type: string; at: Date }): Promise<number | null> {
  switch (to.channel) {
    case 'in_app':
      return null;
    case 'email': {
      const headers = message.unsubscribeUrl === undefined ? undefined : { 'List-Unsubscribe': `<${message.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
      await deps.mailer.send({ to: to.address, subject: message.subject, text: message.text, ...(headers !== undefined && { headers }) });
      return null;
    }
    case 'sms':
      return (await deps.sms.send({ to: to.phone, text: message.sms ?? message.subject, reference: meta.messageId })).status;
    case 'webhook': {
      const body = JSON.stringify({ type: meta.type, timestamp: meta.at.toISOString(), data: message.webhook ?? { subject: message.subject, text: message.text } });
      return sendWebhook({ url: to.url, secret: to.secret, id: meta.messageId, timestampSeconds: Math.floor(meta.at.getTime() / 1000), body }, { allowPrivate: deps.config.outboundAllowPrivate });
    }
  }
}
