import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { findItem, formatTenths, suggestItem } from '@app/policy';
import { stationYearMachine, ValidationError, inStates, STATION_STATES } from '../../domain';
import { advance, loadStationYearWithScore, UnitOfWork } from '../../infrastructure';
import { scoreToTenths } from '../score-input';
import { ScoreItemCommand } from './score-item.command';

/**
 * Scores one item of the evaluation form (测评表) with a comment; a change of score keeps old → new in the event.
 * The item's suggested score (建议分) from the year's records is recorded with it: a score that differs from the
 * suggestion needs a reason (policy.suggestions.departureNeedsReason), which the explanation and the result table show.
 */
@CommandHandler(ScoreItemCommand)
export class ScoreItemHandler implements ICommandHandler<ScoreItemCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref, partKey, itemKey, score, comment, reason }: ScoreItemCommand) {
    const { row, previousTenths, months } = await loadStationYearWithScore(this.uow.sql, ref.subdistrictId, ref.stationId, ref.year, itemKey);
    const policy = await this.uow.policyFor(ref);
    const found = findItem(policy, itemKey);
    if (!found || found.part.key !== partKey) throw new ValidationError('itemKey', `"${itemKey}" is not an item of the ${partKey} part`);
    const tenths = scoreToTenths(policy, itemKey, score, 'score');
    const previous = previousTenths === null ? undefined : { tenths: previousTenths };
    const events: any[] = inStates(STATION_STATES.readyForScoring, row.state) ? [{ type: 'SCORING_STARTED' }] : [];
    const change = advance(stationYearMachine, 'station_years', row, [...events, { type: 'ITEM_SCORED', itemKey }]);
    // after the state check: a station that cannot be scored now hears that first
    const suggestion = suggestItem(policy, itemKey, months);
    const departureReason = suggestion && suggestion.tenths !== tenths ? reason?.trim() || null : null;
    if (suggestion && suggestion.tenths !== tenths && !departureReason && policy.suggestions.departureNeedsReason) {
      throw new ValidationError('reason', `评定分${formatTenths(tenths)}分与按平时记录计算的建议分${formatTenths(suggestion.tenths)}分不同，请填写理由（${suggestion.text}）`);
    }
    const event = this.uow.event(actor, { type: 'station_year', id: row.id, subdistrictId: ref.subdistrictId }, 'ItemScored', {
      stationYearId: row.id, stationId: ref.stationId, partKey, itemKey, tenths, previousTenths: previous?.tenths ?? null, comment: comment ?? null,
      suggestedTenths: suggestion?.tenths ?? null, departureReason,
    }, departureReason ?? (previous ? comment : null));
    await this.uow.commit({ changes: [change], events: [event] });
    return { itemKey, tenths, previousTenths: previous?.tenths ?? null, suggestedTenths: suggestion?.tenths ?? null, departureReason };
  }
}
