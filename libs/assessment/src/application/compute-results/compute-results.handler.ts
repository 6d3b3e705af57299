import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { computeYearResult, explainStation } from '@app/policy';
import { assessmentYearMachine, inStates, STATION_STATES, YEAR_STATES } from '../../domain';
import { advance, loadStationYears, loadYear, UnitOfWork } from '../../infrastructure';
import { checkMonthsRecorded } from '../guards/hand-off-guards';
import { loadYearInput } from '../results-input';
import { ComputeResultsCommand } from './compute-results.command';

/**
 * Ranks, grades and prices the year with the policy engine, once every assessed station is scored and every month
 * due so far is recorded or waived (policy.guards.computeNeedsEveryMonth).
 */
@CommandHandler(ComputeResultsCommand)
export class ComputeResultsHandler implements ICommandHandler<ComputeResultsCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref }: ComputeResultsCommand) {
    const year = await loadYear(this.uow.db, ref.subdistrictId, ref.year);
    const stationYears = await loadStationYears(this.uow.db, year.id);
    const unscoredStations = stationYears.filter((s) => !inStates(STATION_STATES.scored, s.state)).length;
    // scoring may begin before the deadline job ran (everyone submitted) or after a return
    const begin = inStates(YEAR_STATES.beforeScoring, year.state) ? [{ type: 'SCORING_STARTED' }] : [];
    const change = advance(assessmentYearMachine, 'assessment_years', year, [...begin, { type: 'RESULTS_COMPUTED', unscoredStations }]);
    const policy = this.uow.policies.get(year.policyVersion);
    await checkMonthsRecorded(this.uow.db, year, policy, this.uow.now(), this.uow.config.timeZone);
    const { stations, stationYearIds } = await loadYearInput(this.uow.db, year.id, policy);
    const result = computeYearResult(policy, { stations });
    const payload = {
      assessmentYearId: year.id,
      excellentQuota: result.excellentQuota,
      stationCount: result.stationCount,
      budgetYuan: result.budget.totalYuan,
      awards: result.awards,
      recommendations: result.recommendations,
      stations: result.stations.map((s) => ({
        stationYearId: stationYearIds.get(s.stationId),
        stationId: s.stationId,
        daily: s.score.partTenths.daily ?? 0,
        special: s.score.partTenths.special ?? 0,
        innovation: s.score.innovation.bonusTenths,
        total: s.totalTenths,
        rank: s.rank,
        position: s.position,
        grade: s.grade,
        quotaDemoted: s.quotaDemoted,
        bonusYuan: s.bonusYuan,
        persons: s.staff,
        explanation: explainStation(result, s.stationId, s.itemNotes),
      })),
    };
    const event = this.uow.event(actor, { type: 'assessment_year', id: year.id, subdistrictId: ref.subdistrictId }, 'ResultsComputed', payload);
    await this.uow.commit({ changes: [change], events: [event] });
    return { stations: result.stationCount, excellentQuota: result.excellentQuota, budgetYuan: result.budget.totalYuan };
  }
}
