import type { EntityManager } from 'typeorm';
import type { OutboxTopic, OutboxTopics } from './topics';

/**
 * Records a side effect inside the caller's transaction: it exists if and only if the change committed,
 * and the dispatcher carries it out afterwards, however long Redis or SMTP are away.
 */
export async function enqueue<T extends OutboxTopic>(tx: EntityManager, topic: T, payload: OutboxTopics[T]): Promise<void> {
  await tx.query(`INSERT INTO outbox (topic, payload) VALUES ($1, $2)`, [topic, JSON.stringify(payload)]);
}

export type OutboxRows = ReadonlyArray<{ [T in OutboxTopic]: { topic: T; payload: OutboxTopics[T] } }[OutboxTopic]>;

/**
 * The statement that queues several side effects, with its two array parameters (topics, JSON payloads) named
 * by the caller, so that it can also run as a CTE of a larger statement.
 */
export const outboxInsert = (topics: string, payloads: string) =>
  `INSERT INTO outbox (topic, payload) SELECT * FROM unnest(${topics}::text[], ${payloads}::jsonb[])`;

export const outboxParameters = (rows: OutboxRows) => [rows.map((r) => r.topic), rows.map((r) => JSON.stringify(r.payload))] as const;

/** Several side effects in one statement (one round trip inside the caller's transaction). */
export async function enqueueMany(tx: EntityManager, rows: OutboxRows): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(outboxInsert('$1', '$2'), [...outboxParameters(rows)]);
}
