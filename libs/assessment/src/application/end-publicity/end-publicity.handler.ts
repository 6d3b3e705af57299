import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assessmentYearMachine, TransitionRefusedError } from '../../domain';
import { advance, loadYear, UnitOfWork } from '../../infrastructure';
import { EndPublicityCommand } from './end-publicity.command';

/**
 * PUBLICITY_ENDED into the year's machine, refused before `publicity_until` (the end of the last working day of
 * the period). Objections still open keep release refused until each is answered.
 */
@CommandHandler(EndPublicityCommand)
export class EndPublicityHandler implements ICommandHandler<EndPublicityCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref }: EndPublicityCommand) {
    const year = await loadYear(this.uow.db, ref.subdistrictId, ref.year);
    if (year.publicityUntil && this.uow.now() < year.publicityUntil) {
      throw new TransitionRefusedError(year.state, 'PUBLICITY_ENDED', [], `the publicity period runs until ${year.publicityUntil.toISOString()}`);
    }
    const change = advance(assessmentYearMachine, 'assessment_years', year, [{ type: 'PUBLICITY_ENDED' }]);
    const openObjections = ((change.snapshot as any).context?.openObjections ?? []).length as number;
    const event = this.uow.event(actor, { type: 'assessment_year', id: year.id, subdistrictId: ref.subdistrictId }, 'PublicityEnded',
      { assessmentYearId: year.id, publicityUntil: year.publicityUntil?.toISOString() ?? null, openObjections });
    await this.uow.commit({ changes: [change], events: [event] });
    return { state: change.state, openObjections };
  }
}
