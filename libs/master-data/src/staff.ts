import { Injectable } from '@nestjs/common';
import { Tx } from '@app/persistence';
import type { Actor } from '@app/platform';
import { MasterDataError } from './errors';
import { Change, insertRecord, listRecords, Queryable, RecordKind, requireRow, updateRecord } from './records';
import { MasterDataService } from './service-base';

/** A member of a station's staff (工作人员); `isHead` marks the head (负责人). */
export interface StaffMember {
  id: string;
  subdistrictId: string;
  stationId: string;
  name: string;
  position: string | null;
  isHead: boolean;
  active: boolean;
  version: number;
  updatedAt: Date;
}

export interface StaffInput {
  stationId: string;
  name: string;
  position?: string | null;
  isHead?: boolean;
  active?: boolean;
}

export interface StaffFilters {
  stationId?: string;
  active?: boolean;
}

export const STAFF: RecordKind<StaffMember> = {
  table: 'staff',
  streamType: 'staff',
  scope: 'subdistrict_id',
  columns: {
    subdistrictId: 'subdistrict_id', stationId: 'station_id', name: 'name', position: 'position', isHead: 'is_head',
    active: 'active',
  },
  orderBy: 'name, id',
  view: (r) => ({
    id: r.id, subdistrictId: r.subdistrict_id, stationId: r.station_id, name: r.name, position: r.position,
    isHead: r.is_head, active: r.active, version: r.version, updatedAt: r.updated_at,
  }),
};

/** `field` names the input field in the error (stationId for the API). */
export async function checkStation(db: Queryable, subdistrictId: string, stationId: string, field = 'stationId'): Promise<void> {
  const [s] = await db.query(`SELECT 1 FROM stations WHERE id = $1 AND subdistrict_id = $2`, [stationId, subdistrictId]);
  if (!s) throw MasterDataError.invalid(field, 'no such station in this subdistrict');
}

export async function createStaffMember(tx: Tx, subdistrictId: string, input: StaffInput, change: Change): Promise<StaffMember> {
  await checkStation(tx, subdistrictId, input.stationId);
  return (await insertRecord(tx, STAFF, { subdistrictId, ...input }, change)).view;
}

@Injectable()
export class StaffService extends MasterDataService {
  list(subdistrictId: string, filters: StaffFilters = {}): Promise<StaffMember[]> {
    return listRecords(this.db, STAFF, subdistrictId, filters);
  }

  create(subdistrictId: string, input: StaffInput, actor: Actor): Promise<StaffMember> {
    return this.change(actor, (tx, change) => createStaffMember(tx, subdistrictId, input, change));
  }

  update(subdistrictId: string, id: string, version: number, changes: Partial<StaffInput>, actor: Actor): Promise<StaffMember> {
    return this.change(actor, async (tx, change) => {
      const current = await requireRow(tx, STAFF, id, subdistrictId, 'staff member');
      if (changes.stationId !== undefined) await checkStation(tx, subdistrictId, changes.stationId);
      return updateRecord(tx, STAFF, current, version, changes, change);
    });
  }
}
