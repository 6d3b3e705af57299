import { Injectable } from '@nestjs/common';
import type { Actor } from '@app/platform';
import { MasterDataService } from '../service-base';
import { ImportOutcome, importStaff, importStations } from './import';
import { parseStaffRows, parseStationRows } from './rows';

/**
 * File in, outcome out: parse, check against the subdistrict's data, and create or update every row in one
 * transaction, or nothing. Every problem of the file — unreadable cells and unknown names alike — is reported at
 * once. `dryRun` answers what would be created, updated and left unchanged, and writes nothing.
 */
@Injectable()
export class ImportService extends MasterDataService {
  async stations(subdistrictId: string, file: Buffer, actor: Actor, dryRun = false): Promise<ImportOutcome> {
    const { rows, problems } = await parseStationRows(file);
    return this.change(actor, (tx, { at }) => importStations(tx, subdistrictId, rows, actor, at, { dryRun, problems }));
  }

  async staff(subdistrictId: string, file: Buffer, actor: Actor, dryRun = false): Promise<ImportOutcome> {
    const { rows, problems } = await parseStaffRows(file);
    return this.change(actor, (tx, { at }) => importStaff(tx, subdistrictId, rows, actor, at, { dryRun, problems }));
  }
}
