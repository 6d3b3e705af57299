import { Command } from '@nestjs/cqrs';
import type { Actor, YearRef } from '../refs';

export class ComputeResultsCommand extends Command<{ stations: number; excellentQuota: number; budgetYuan: number }> {
  constructor(readonly actor: Actor, readonly ref: YearRef) {
    super();
  }
}
