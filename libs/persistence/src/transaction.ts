import { DataSource, EntityManager } from 'typeorm';
import { markIdempotentCommit } from './idempotent-commit';

/** What a command handler writes through: one transaction for the row, its events and its outbox rows. */
export type Tx = EntityManager;

export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    // PostgreSQL's default isolation (READ COMMITTED): naming it would cost a SET TRANSACTION round trip per command
    return this.dataSource.transaction(async (tx) => {
      const result = await work(tx);
      await markIdempotentCommit(tx); // an Idempotency-Key's command is done exactly when its writes are
      return result;
    });
  }
}
