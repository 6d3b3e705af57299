import { Injectable } from '@nestjs/common';
import { Tx } from '@app/persistence';
import type { Actor } from '@app/platform';
import { MasterDataError } from './errors';
import { Change, getRecord, insertRecord, listRecords, RecordKind, requireRow, updateRecord } from './records';
import { MasterDataService } from './service-base';

export interface Subdistrict {
  id: string;
  name: string;
  /** Short name used in notice numbers: 城东 → 城东考〔2026〕3号. */
  abbr: string;
  version: number;
  updatedAt: Date;
}

export interface SubdistrictInput {
  name: string;
  abbr: string;
}

export const SUBDISTRICTS: RecordKind<Subdistrict> = {
  table: 'subdistricts',
  streamType: 'subdistrict',
  scope: 'id',
  columns: { name: 'name', abbr: 'abbr' },
  orderBy: 'name, id',
  view: (r) => ({ id: r.id, name: r.name, abbr: r.abbr, version: r.version, updatedAt: r.updated_at }),
};

export async function createSubdistrict(tx: Tx, input: SubdistrictInput, change: Change): Promise<Subdistrict> {
  return (await insertRecord(tx, SUBDISTRICTS, { ...input }, change)).view;
}

@Injectable()
export class SubdistrictService extends MasterDataService {
  /** Every subdistrict for a deployment-wide actor; only its own for anyone else. */
  list(actor: Actor): Promise<Subdistrict[]> {
    return listRecords(this.db, SUBDISTRICTS, actor.subdistrictId);
  }

  get(id: string): Promise<Subdistrict> {
    return getRecord(this.db, SUBDISTRICTS, id, id, 'subdistrict');
  }

  /** A new subdistrict is outside every existing scope: only a deployment-wide admin creates one. */
  create(input: SubdistrictInput, actor: Actor): Promise<Subdistrict> {
    if (actor.subdistrictId !== null) throw MasterDataError.forbidden('only a deployment-wide admin creates subdistricts');
    return this.change(actor, (tx, change) => createSubdistrict(tx, input, change));
  }

  update(id: string, version: number, changes: Partial<SubdistrictInput>, actor: Actor): Promise<Subdistrict> {
    return this.change(actor, async (tx, change) => {
      const current = await requireRow(tx, SUBDISTRICTS, id, id, 'subdistrict');
      return updateRecord(tx, SUBDISTRICTS, current, version, changes, change);
    });
  }
}
