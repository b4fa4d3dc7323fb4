// Queueing notifications: the only way any module tells anyone anything. Rows are written in the
// caller's transaction (they exist only if the cause commits), addresses sealed, each row's due
// time set by its template's aggregation window, and repeats of a dedupe key dropped.
import type { SecretBox } from '../../../core/crypto.ts';
import type { Db } from '../../../core/db.ts';
import type { NotificationSpec, Recipient } from './model.ts';
import * as repo from './repository.ts';
import type { TemplateRegistry } from './templates.ts';

/** Queues notifications; built once with the instance's SecretBox and every template. */
export class Notifier {
  constructor(
    private readonly box: SecretBox,
    readonly templates: TemplateRegistry,
  ) {}

  /** Queue notifications inside `tx`; how many were new (a known dedupe key is skipped). */
  async queue(tx: Db, specs: readonly NotificationSpec[], now: Date): Promise<number> {
    if (specs.length === 0) return 0;
    const prepared = specs.map((spec) => {
      this.templates.check(spec.template, spec.recipient.channel, spec.data);
      const sealed = this.seal(spec.recipient);
      const groupKey = spec.aggregateKey === undefined || this.templates.get(spec.template).aggregation === undefined ? null : `${sealed.recipientKey}|${spec.template}|${spec.aggregateKey}`;
      return { spec, sealed, groupKey };
    });
    const groupKeys = [...new Set(prepared.flatMap((p) => (p.groupKey === null ? [] : [p.groupKey])))];
    const windows = await repo.windowsOf(tx, groupKeys);
    const waiting = await repo.waitingGroupDue(tx, groupKeys);
    const rows = prepared.map(({ spec, sealed, groupKey }) => {
      const due = groupKey === null ? { at: now, held: null } : this.groupDue(spec.template, groupKey, now, windows, waiting);
      return {
        channel: spec.recipient.channel,
        template: spec.template,
        locale: spec.locale,
        ...sealed,
        orgId: spec.orgId ?? ('orgContact' in spec.recipient ? spec.recipient.orgContact : null),
        subjectType: spec.subject?.type ?? null,
        subjectId: spec.subject?.id ?? null,
        data: spec.data,
        dedupeKey: spec.dedupeKey ?? null,
        groupKey,
        status: 'pending',
        held: due.held,
        attempts: 0,
        nextAttemptAt: due.at,
        createdAt: now,
      };
    });
    return repo.insertNotifications(tx, rows);
  }

  /**
   * When a grouped row is due: with the group's rows already waiting; else when the group's window
   * reopens; else after the template's gather time, so events that come together go together.
   */
  private groupDue(template: string, groupKey: string, now: Date, windows: Map<string, Date>, waiting: Map<string, Date>): { at: Date; held: string | null } {
    const aggregation = this.templates.get(template).aggregation;
    const gathered = new Date(now.getTime() + (aggregation?.gatherSeconds ?? 0) * 1000);
    const joined = waiting.get(groupKey);
    if (joined !== undefined) return { at: joined, held: joined > now ? 'window' : null };
    const reopens = windows.get(groupKey);
    const at = reopens !== undefined && reopens > gathered ? reopens : gathered;
    waiting.set(groupKey, at);
    return { at, held: at > now ? 'window' : null };
  }

  /** The stored form of a recipient: sealed address, or a reference, and a key without personal data. */
  private seal(recipient: Recipient): Pick<repo.NewNotification, 'recipientKey' | 'addressCiphertext' | 'endpointId' | 'userId'> {
    const none = { addressCiphertext: null, endpointId: null, userId: null };
    switch (recipient.channel) {
      case 'webhook':
        return { ...none, recipientKey: `webhook:${recipient.endpointId}`, endpointId: recipient.endpointId };
      case 'in_app':
        return { ...none, recipientKey: `user:${recipient.userId}`, userId: recipient.userId };
      case 'sms': {
        const phone = 'phone' in recipient ? recipient.phone : this.box.decrypt(recipient.sealedPhone);
        return { ...none, recipientKey: `sms:${this.box.sign(`sms:${phone}`)}`, addressCiphertext: 'phone' in recipient ? this.box.encrypt(phone) : recipient.sealedPhone };
      }
      case 'email': {
        if ('orgContact' in recipient) return { ...none, recipientKey: `org:${recipient.orgContact}` };
        const address = 'address' in recipient ? recipient.address.trim().toLowerCase() : this.box.decrypt(recipient.sealedAddress).trim().toLowerCase();
        return { ...none, recipientKey: `email:${this.box.sign(`email:${address}`)}`, addressCiphertext: 'address' in recipient ? this.box.encrypt(address) : recipient.sealedAddress };
      }
    }
  }
}
