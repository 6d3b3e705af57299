import { Injectable } from '@nestjs/common';
import type { Actor } from '@app/platform';
import { MasterDataError } from '../errors';
import { MasterDataService } from '../service-base';
import { ParsedRows } from './columns';
import { importStaff, importStations } from './import';
import { parseStaffRows, parseStationRows } from './rows';

/**
 * File in, `{imported}` out: parse, check, and create every row in one transaction, or nothing. The rows that parsed
 * are checked against the subdistrict's data even when others did not parse, so one answer names every problem.
 */
@Injectable()
export class ImportService extends MasterDataService {
  async stations(subdistrictId: string, file: Buffer, actor: Actor): Promise<{ imported: number }> {
    const { rows, problems } = orFail(await parseStationRows(file));
    return { imported: await this.change(actor, (tx, { at }) => importStations(tx, subdistrictId, rows, actor, at, problems)) };
  }

  async staff(subdistrictId: string, file: Buffer, actor: Actor): Promise<{ imported: number }> {
    const { rows, problems } = orFail(await parseStaffRows(file));
    return { imported: await this.change(actor, (tx, { at }) => importStaff(tx, subdistrictId, rows, actor, at, problems)) };
  }
}

/** A file whose header or size is wrong has no rows to check further: refused at once. */
function orFail<T>(parsed: ParsedRows<T>): ParsedRows<T> {
  if (parsed.problems.length && !parsed.rows.length) throw MasterDataError.importFailed(parsed.problems);
  return parsed;
}
