import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { stationYearMachine, ValidationError, withFacts } from '../../domain';
import type { Policy } from '@app/policy';
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
    let scores: Record<string, number> = {};
    let justifications: Record<string, string> = {};
    ValidationError.collect(
      () => (scores = scoresToTenths(policy, input.scores ?? {})),
      () => (justifications = checkJustifications(allItemKeys(policy), input.justifications ?? {})),
    );
    const change = withFacts(windowFacts(policy), () => advance(stationYearMachine, 'station_years', row, [{ type: 'DRAFT_SAVED' }]));
    const event = this.uow.event(actor, { type: 'station_year', id: row.id, subdistrictId: ref.subdistrictId },
      'SelfAssessmentDraftSaved', { stationYearId: row.id, scores, justifications });
    await this.uow.commit({ changes: [change], events: [event] });
    return { saved: true } as const;
  }
}

/** When the self-assessment window opens ('MM-DD'): a refused draft or submission before then says so. */
export function windowFacts(policy: Policy): Record<string, string> {
  return { windowOpens: policy.schedule.selfAssessment.windowOpens };
}

export function checkJustifications(items: string[], justifications: Record<string, string>): Record<string, string> {
  const problems = Object.entries(justifications).flatMap(([k, v]) =>
    !items.includes(k) ? [{ field: `justifications.${k}`, reason: `unknown item "${k}"` }]
      : typeof v !== 'string' || v.length > 2000 ? [{ field: `justifications.${k}`, reason: 'must be text of at most 2000 characters' }] : []);
  const refused = ValidationError.of(problems);
  if (refused) throw refused;
  return justifications;
}
