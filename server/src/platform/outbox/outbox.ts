import type { EntityManager } from 'typeorm';
import type { OutboxTopic, OutboxTopics } from './topics';

/**
 * Records a side effect inside the caller's transaction: it exists if and only if the change committed,
 * and the dispatcher carries it out afterwards, however long Redis or SMTP are away.
 */
export async function enqueue<T extends OutboxTopic>(tx: EntityManager, topic: T, payload: OutboxTopics[T]): Promise<void> {
  await tx.query(`INSERT INTO outbox (topic, payload) VALUES ($1, $2)`, [topic, JSON.stringify(payload)]);
}
