import { Injectable } from '@nestjs/common';
import type { Actor } from '@app/platform';
import { MasterDataError } from '../errors';
import { MasterDataService } from '../service-base';
import { ParsedRows } from './columns';
import { importStaff, importStations } from './import';
import { parseStaffRows, parseStationRows } from './rows';

/** File in, `{imported}` out: parse, check, and create every row in one transaction, or nothing. */
@Injectable()
export class ImportService extends MasterDataService {
  async stations(subdistrictId: string, file: Buffer, actor: Actor): Promise<{ imported: number }> {
    const { rows } = orFail(await parseStationRows(file));
    return { imported: await this.change(actor, (tx, { at }) => importStations(tx, subdistrictId, rows, actor, at)) };
  }

  async staff(subdistrictId: string, file: Buffer, actor: Actor): Promise<{ imported: number }> {
    const { rows } = orFail(await parseStaffRows(file));
    return { imported: await this.change(actor, (tx, { at }) => importStaff(tx, subdistrictId, rows, actor, at)) };
  }
}

function orFail<T>(parsed: ParsedRows<T>): ParsedRows<T> {
  if (parsed.problems.length) throw MasterDataError.importFailed(parsed.problems);
  return parsed;
}
