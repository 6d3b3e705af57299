import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { scoreStation } from '@app/policy';
import { stationYearMachine, ValidationError } from '../../domain';
import { advance, loadStationYear, UnitOfWork } from '../../infrastructure';
import { allItemKeys } from '../score-input';
import { loadStationScoring } from '../results-input';
import { FinaliseScoresCommand } from './finalise-scores.command';

/** Fixes a station's scores once every item is scored; pending recognitions must be decided first. */
@CommandHandler(FinaliseScoresCommand)
export class FinaliseScoresHandler implements ICommandHandler<FinaliseScoresCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref }: FinaliseScoresCommand) {
    const row = await loadStationYear(this.uow.db, ref.subdistrictId, ref.stationId, ref.year);
    const policy = await this.uow.policyFor(ref);
    const { itemScores, recognitions, pendingRecognitions } = await loadStationScoring(this.uow.db, row.id);
    const missing = allItemKeys(policy).filter((k) => itemScores[k] === undefined);
    const refused = ValidationError.of([
      ...(missing.length ? [{ field: 'scores', reason: `items not yet scored: ${missing.join(', ')}` }] : []),
      ...(pendingRecognitions ? [{ field: 'recognitions', reason: `${pendingRecognitions} recognition(s) still await verification` }] : []),
    ]);
    if (refused) throw refused;
    const score = scoreStation(policy, { items: itemScores, recognitions });
    const change = advance(stationYearMachine, 'station_years', row, [{ type: 'SCORES_FINALISED' }]);
    const event = this.uow.event(actor, { type: 'station_year', id: row.id, subdistrictId: ref.subdistrictId }, 'ScoresFinalised', {
      stationYearId: row.id, stationId: ref.stationId, itemScores, totalTenths: score.totalTenths, innovationTenths: score.innovation.bonusTenths,
    });
    await this.uow.commit({ changes: [change], events: [event] });
    return { totalTenths: score.totalTenths };
  }
}
