import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { inStates, STATION_STATES, stationYearMachine, ValidationError, withFacts } from '../../domain';
import { advance, fileInsert, loadStationYear, UnitOfWork } from '../../infrastructure';
import { allItemKeys, scoresToTenths } from '../score-input';
import { checkJustifications, windowFacts } from '../save-draft/save-draft.handler';
import { checkReport } from '../uploaded-file';
import { SubmitSelfAssessmentCommand } from './submit-self-assessment.command';

/**
 * Submits the self-assessment: a score and a justification for every item, and the annual work report (stored
 * with its checksum). Before the deadline it is on time; after an extension it is marked late for good.
 */
@CommandHandler(SubmitSelfAssessmentCommand)
export class SubmitSelfAssessmentHandler implements ICommandHandler<SubmitSelfAssessmentCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref, input, report }: SubmitSelfAssessmentCommand) {
    const row = await loadStationYear(this.uow.sql, ref.subdistrictId, ref.stationId, ref.year);
    const policy = await this.uow.policyFor(ref);
    const items = allItemKeys(policy);
    // every problem of the form and the report is reported at once
    let scores: Record<string, number> = {};
    let justifications: Record<string, string> = {};
    let checked: ReturnType<typeof checkReport> | undefined;
    const given = { scores: input.scores ?? {}, justifications: input.justifications ?? {} };
    ValidationError.collect(
      () => (scores = scoresToTenths(policy, given.scores)),
      () => (justifications = checkJustifications(items, given.justifications)),
      ...items.map((k) => () => {
        if (given.scores[k] === undefined) throw new ValidationError(`scores.${k}`, 'every item needs a self-assessed score');
      }),
      ...items.map((k) => () => {
        if (!String(given.justifications[k] ?? '').trim()) throw new ValidationError(`justifications.${k}`, 'every item needs a justification');
      }),
      () => {
        if (!report) throw new ValidationError('report', 'the annual work report (PDF, DOCX or DOC) is required');
        checked = checkReport(report.originalName, report.buffer, this.uow.config.maxUploadBytes);
      },
    );
    if (!checked || !report) throw new ValidationError('report', 'the annual work report (PDF, DOCX or DOC) is required');
    const file = checked;
    const now = this.uow.now();
    const change = withFacts(windowFacts(policy), () => advance(stationYearMachine, 'station_years', row, [{ type: 'SUBMIT', at: now.toISOString() }]));
    const late = inStates(STATION_STATES.submittedLate, change.state);
    change.set = { submitted_at: now, late: late || row.late };
    const fileId = randomUUID();
    const event = this.uow.event(actor, { type: 'station_year', id: row.id, subdistrictId: ref.subdistrictId },
      'SelfAssessmentSubmitted', { stationYearId: row.id, stationId: ref.stationId, scores, justifications, late, report: { fileId, ...file } });
    await this.uow.commit({
      changes: [change], events: [event],
      writes: [fileInsert({ id: fileId, sha256: file.sha256, name: file.name, mime: file.mime, size: file.size, content: report.buffer })],
    });
    return { submittedAt: now.toISOString(), late, report: { fileId, sha256: file.sha256 } };
  }
}
