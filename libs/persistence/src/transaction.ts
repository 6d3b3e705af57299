import { DataSource, EntityManager } from 'typeorm';

/** What a command handler writes through: one transaction for the row, its events and its outbox rows. */
export type Tx = EntityManager;

export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('READ COMMITTED', work);
  }
}
