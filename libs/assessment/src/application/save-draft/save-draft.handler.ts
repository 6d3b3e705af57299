import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { stationYearMachine, ValidationError } from '../../domain';
import { advance, loadStationYear, UnitOfWork } from '../../infrastructure';
import { allItemKeys, scoresToTenths } from '../score-input';
import { SaveDraftCommand } from './save-draft.command';

/** Saves the self-assessment form (自评表) as a draft: partial, validated, replaceable until submitted. */
@CommandHandler(SaveDraftCommand)
export class SaveDraftHandler implements ICommandHandler<SaveDraftCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref, input }: SaveDraftCommand) {
    const row = await loadStationYear(this.uow.db, ref.subdistrictId, ref.stationId, ref.year);
    const policy = await this.uow.policyFor(ref);
    const scores = scoresToTenths(policy, input.scores ?? {});
    const justifications = checkJustifications(allItemKeys(policy), input.justifications ?? {});
    const change = advance(stationYearMachine, 'station_years', row, [{ type: 'DRAFT_SAVED' }]);
    const event = this.uow.event(actor, { type: 'station_year', id: row.id, subdistrictId: ref.subdistrictId },
      'SelfAssessmentDraftSaved', { stationYearId: row.id, scores, justifications });
    await this.uow.commit({ changes: [change], events: [event] });
    return { saved: true } as const;
  }
}

export function checkJustifications(items: string[], justifications: Record<string, string>): Record<string, string> {
  for (const [k, v] of Object.entries(justifications)) {
    if (!items.includes(k)) throw new ValidationError(`justifications.${k}`, `unknown item "${k}"`);
    if (typeof v !== 'string' || v.length > 2000) throw new ValidationError(`justifications.${k}`, 'must be text of at most 2000 characters');
  }
  return justifications;
}
