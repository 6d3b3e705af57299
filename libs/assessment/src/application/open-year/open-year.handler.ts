import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { assessmentYearMachine, stationYearMachine, startSnapshot, ASSESSMENT_YEAR_MACHINE_VERSION, STATION_YEAR_MACHINE_VERSION, ValidationError } from '../../domain';
import { DomainConflict } from '../conflict';
import { findYear, UnitOfWork } from '../../infrastructure';
import { OpenYearCommand } from './open-year.command';

/**
 * Opens a subdistrict's assessment year: binds it to one policy version for good, and starts one station-year
 * machine per active station.
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
    const stations: { id: string }[] = await this.uow.db.query(
      `SELECT id FROM stations WHERE subdistrict_id = $1 AND active ORDER BY name`, [ref.subdistrictId],
    );
    const id = randomUUID();
    const yearSnapshot = startSnapshot(assessmentYearMachine, {
      subdistrictId: ref.subdistrictId, year: ref.year, policyVersion: version, publicityEnabled: policy.publicity.enabled,
    });
    const event = this.uow.event(actor, { type: 'assessment_year', id, subdistrictId: ref.subdistrictId }, 'YearOpened', {
      assessmentYearId: id, year: ref.year, policyVersion: version, stationIds: stations.map((s) => s.id),
    });
    await this.uow.commit({ events: [event] }, async (tx) => {
      // a concurrent OpenYear passed the check above too: UNIQUE (subdistrict_id, year) decides, same answer as above
      const taken = () => new DomainConflict(`the ${ref.year} assessment year is already open`);
      await tx.query(
        `INSERT INTO assessment_years (id, subdistrict_id, year, policy_version, state, snapshot, machine_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, ref.subdistrictId, ref.year, version, String(yearSnapshot.value), JSON.stringify(yearSnapshot), ASSESSMENT_YEAR_MACHINE_VERSION],
      ).catch((e) => {
        throw isUniqueViolation(e) ? taken() : e;
      });
      for (const s of stations) {
        const snap = startSnapshot(stationYearMachine, { stationId: s.id, year: ref.year });
        await tx.query(
          `INSERT INTO station_years (assessment_year_id, subdistrict_id, station_id, year, state, snapshot, machine_version)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [id, ref.subdistrictId, s.id, ref.year, String(snap.value), JSON.stringify(snap), STATION_YEAR_MACHINE_VERSION],
        );
      }
    });
    return { assessmentYearId: id, policyVersion: version, stations: stations.length };
  }
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string } };
  return (err?.driverError?.code ?? err?.code) === '23505';
}
