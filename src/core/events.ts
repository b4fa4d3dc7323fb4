import type { Tx } from './db.ts';
import { domainEvents } from './tables.ts';

/** A fact a module announces; other modules react to it without reading its tables. */
export type DomainEvent<P extends object = Record<string, unknown>> = { type: string; aggregateId: string; payload: P };
export type PublishedEvent<P extends object = Record<string, unknown>> = DomainEvent<P> & { serial: number; occurredAt: Date };

type Subscriber = (tx: Tx, event: PublishedEvent) => Promise<void>;

/**
 * Domain events through a transactional outbox. `publish` writes the event in
 * the caller's transaction and runs in-process subscribers inside it, so a
 * subscriber's own writes (a job to send mail, a projection) commit or roll
 * back with the cause. Modules that come later read `domain_events` by serial.
 */
export class EventBus {
  private readonly subscribers = new Map<string, Subscriber[]>();

  /** React to every event of `type`, inside the publishing transaction. */
  subscribe<P extends object>(type: string, subscriber: (tx: Tx, event: PublishedEvent<P>) => Promise<void>): void {
    const list = this.subscribers.get(type) ?? [];
    // Payloads are written by the publishing module with the type's own shape.
    list.push(subscriber as unknown as Subscriber);
    this.subscribers.set(type, list);
  }

  /** Record the event and run its subscribers in the same transaction. */
  async publish(tx: Tx, event: DomainEvent, at: Date): Promise<PublishedEvent> {
    const [row] = await tx.db.insert(domainEvents).values({ type: event.type, aggregateId: event.aggregateId, payload: event.payload, occurredAt: at }).returning({ serial: domainEvents.serial });
    if (row === undefined) throw new Error('domain event not recorded');
    const published: PublishedEvent = { ...event, serial: row.serial, occurredAt: at };
    for (const subscriber of this.subscribers.get(event.type) ?? []) await subscriber(tx, published);
    return published;
  }
}
