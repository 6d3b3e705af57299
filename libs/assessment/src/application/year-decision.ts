/**
 * The shape shared by the leaders' decisions (submit for approval, approve, return, release): one event into the
 * subdistrict's year machine, one into each affected station's machine, one recorded event with the reason.
 */
import type { OutboxMessage } from '@app/persistence';
import { assessmentYearMachine, stationYearMachine } from '../domain';
import type { AssessmentYearEvent, StationYearEvent } from '../domain';
import { advance, loadStationYears, loadYear, StationYearRow, UnitOfWork, YearRow } from '../infrastructure';
import type { Actor, YearRef } from './refs';

export interface YearDecision {
  yearEvents: AssessmentYearEvent[];
  /** Which stations take part, and the machine event each receives. */
  stations?: { when: (s: StationYearRow) => boolean; events: StationYearEvent[] };
  eventType: string;
  payload?: Record<string, unknown>;
  reason?: string;
  outbox?: (year: YearRow) => OutboxMessage[];
  yearSet?: (year: YearRow) => Record<string, unknown>;
  /** Refuses the decision (by throwing) before anything is written, e.g. when no station is affected. */
  check?: (affected: StationYearRow[]) => void;
}

export async function decideYear(uow: UnitOfWork, actor: Actor, ref: YearRef, d: YearDecision) {
  const year = await loadYear(uow.db, ref.subdistrictId, ref.year);
  const yearChange = advance(assessmentYearMachine, 'assessment_years', year, d.yearEvents);
  if (d.yearSet) yearChange.set = d.yearSet(year);
  const affected = d.stations ? (await loadStationYears(uow.db, year.id)).filter(d.stations.when) : [];
  d.check?.(affected);
  const changes = [yearChange, ...affected.map((s) => advance(stationYearMachine, 'station_years', s, d.stations!.events))];
  const event = uow.event(actor, { type: 'assessment_year', id: year.id, subdistrictId: ref.subdistrictId }, d.eventType, {
    assessmentYearId: year.id, stationIds: affected.map((s) => s.stationId), ...d.payload,
  }, d.reason);
  await uow.commit({ changes, events: [event], outbox: d.outbox?.(year) });
  return { state: yearChange.state, stations: affected.length };
}
