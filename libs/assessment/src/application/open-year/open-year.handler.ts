import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { assessmentYearMachine, stationYearMachine, startSnapshot, ASSESSMENT_YEAR_MACHINE_VERSION, STATION_YEAR_MACHINE_VERSION, ValidationError } from '../../domain';
import { DomainConflict } from '../conflict';
import { findYear, UnitOfWork, activeStationIds, insertAssessmentYear, insertStationYear } from '../../infrastructure';
import { isUniqueViolation } from '@app/persistence';
import { OpenYearCommand } from './open-year.command';

/**
 * Opens a subdistrict's assessment year: binds it to one policy version for good, and starts one station-year
 * machine per assessed station: every active station, or (policy.scope.fourPlatformsOnly, the default) every active
 * station part of the four platforms. The others are listed as 不参加考核 in the results: never ranked, counted in
 * the excellent quota or paid. The scope is fixed when the year opens.
 */
@CommandHandler(OpenYearCommand)
export class OpenYearHandler implements ICommandHandler<OpenYearCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref, policyVersion }: OpenYearCommand) {
    const version = policyVersion ?? this.uow.policies.registry.bindYear(ref.year).policyVersion;
    if (!this.uow.policies.registry.versions().includes(version)) {
      throw new ValidationError('policyVersion', `unknown policy version "${version}"; known: ${this.uow.policies.registry.versions().join(', ')}`);
    }
    const policy = this.uow.policies.get(version);
    if (await findYear(this.uow.db, ref.subdistrictId, ref.year)) {
      throw new DomainConflict(`the ${ref.year} assessment year is already open`);
    }
    const stationIds = await activeStationIds(this.uow.db, ref.subdistrictId, { fourPlatformsOnly: policy.scope.fourPlatformsOnly });
    const id = randomUUID();
    const yearSnapshot = startSnapshot(assessmentYearMachine, {
      subdistrictId: ref.subdistrictId, year: ref.year, policyVersion: version, publicityEnabled: policy.publicity.enabled,
    });
    const event = this.uow.event(actor, { type: 'assessment_year', id, subdistrictId: ref.subdistrictId }, 'YearOpened', {
      assessmentYearId: id, year: ref.year, policyVersion: version, stationIds,
    });
    await this.uow.commit({ events: [event] }, async (tx) => {
      // a concurrent OpenYear passed the check above too: UNIQUE (subdistrict_id, year) decides, same answer as above
      const taken = () => new DomainConflict(`the ${ref.year} assessment year is already open`);
      await insertAssessmentYear(tx, {
        id, subdistrictId: ref.subdistrictId, year: ref.year, policyVersion: version, state: String(yearSnapshot.value), snapshot: yearSnapshot,
        machineVersion: ASSESSMENT_YEAR_MACHINE_VERSION,
      }).catch((e) => {
        throw isUniqueViolation(e) ? taken() : e;
      });
      for (const stationId of stationIds) {
        const snap = startSnapshot(stationYearMachine, { stationId, year: ref.year });
        await insertStationYear(tx, {
          assessmentYearId: id, subdistrictId: ref.subdistrictId, stationId, year: ref.year, state: String(snap.value), snapshot: snap,
          machineVersion: STATION_YEAR_MACHINE_VERSION,
        });
      }
    });
    return { assessmentYearId: id, policyVersion: version, stations: stationIds.length };
  }
}
