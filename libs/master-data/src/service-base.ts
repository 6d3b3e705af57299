import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TransactionRunner, Tx } from '@app/persistence';
import { CLOCK } from '@app/platform';
import type { Actor, Clock } from '@app/platform';
import { Change } from './records';

/** What every master-data service needs: reads on the DataSource, changes in one transaction at Clock time. */
@Injectable()
export abstract class MasterDataService {
  constructor(
    protected readonly db: DataSource,
    private readonly transactions: TransactionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  protected change<T>(actor: Actor, work: (tx: Tx, change: Change) => Promise<T>): Promise<T> {
    return this.transactions.run((tx) => work(tx, { actor, at: this.clock.now() }));
  }
}
