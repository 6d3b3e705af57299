import { Injectable } from '@nestjs/common';
import { Tx } from '@app/persistence';
import { STATION_KIND_LABELS } from '@app/policy';
import type { Actor } from '@app/platform';
import { checkDelivery, Delivery, DELIVERY_COLUMNS, deliveryView, mergedDelivery } from './delivery';
import { MasterDataError } from './errors';
import {
  Change, insertRecord, listRecords, Queryable, RecordKind, requireRow, requireSubdistrict, updateRecord,
} from './records';
import { MasterDataService } from './service-base';
import { STAFF, StaffMember } from './staff';

/** 'independent' 独立派驻, 'regional' 按区域设置派驻. */
export const STATION_KINDS = ['independent', 'regional'] as const;
export type StationKind = (typeof STATION_KINDS)[number];

export interface Station extends ReturnType<typeof deliveryView> {
  id: string;
  subdistrictId: string;
  departmentId: string;
  name: string;
  kind: StationKind;
  headcount: number;
  headName: string | null;
  fourPlatforms: boolean;
  active: boolean;
  version: number;
  updatedAt: Date;
}

export interface StationInput extends Partial<Delivery> {
  name: string;
  kind: StationKind;
  departmentId: string;
  headcount: number;
  headName?: string | null;
  fourPlatforms?: boolean;
  active?: boolean;
}

export interface StationFilters {
  kind?: StationKind;
  departmentId?: string;
  active?: boolean;
}

export const STATIONS: RecordKind<Station> = {
  table: 'stations',
  streamType: 'station',
  scope: 'subdistrict_id',
  columns: {
    subdistrictId: 'subdistrict_id', departmentId: 'department_id', name: 'name', kind: 'kind', headcount: 'headcount',
    headName: 'head_name', fourPlatforms: 'four_platforms', active: 'active', ...DELIVERY_COLUMNS,
  },
  secrets: ['webhookSecret', 'dingtalkToken', 'dingtalkSecret', 'wecomKey'],
  orderBy: 'name, id',
  view: (r) => ({
    id: r.id, subdistrictId: r.subdistrict_id, departmentId: r.department_id, name: r.name, kind: r.kind, kindLabel: STATION_KIND_LABELS[r.kind as StationKind],
    headcount: r.headcount, headName: r.head_name, fourPlatforms: r.four_platforms, active: r.active,
    ...deliveryView(r), version: r.version, updatedAt: r.updated_at,
  }),
};

/** A station is sent by a dispatching department (派出部门) of its own subdistrict. */
async function checkDepartment(db: Queryable, subdistrictId: string, departmentId: string): Promise<void> {
  const [d] = await db.query(`SELECT kind FROM departments WHERE id = $1 AND subdistrict_id = $2`, [departmentId, subdistrictId]);
  if (!d) throw MasterDataError.invalid('departmentId', 'no such department in this subdistrict');
  if (d.kind !== 'dispatching') throw MasterDataError.invalid('departmentId', 'must be a dispatching department (派出部门)');
}

export async function createStation(tx: Tx, subdistrictId: string, input: StationInput, change: Change): Promise<Station> {
  await requireSubdistrict(tx, subdistrictId);
  await checkDepartment(tx, subdistrictId, input.departmentId);
  checkDelivery({ channels: ['inbox'], ...input });
  return (await insertRecord(tx, STATIONS, { subdistrictId, ...input }, change)).view;
}

@Injectable()
export class StationService extends MasterDataService {
  list(subdistrictId: string, filters: StationFilters = {}): Promise<Station[]> {
    return listRecords(this.db, STATIONS, subdistrictId, filters);
  }

  /** The station with its staff (ordered by name). */
  async get(subdistrictId: string, id: string): Promise<Station & { staff: StaffMember[] }> {
    const station = STATIONS.view(await requireRow(this.db, STATIONS, id, subdistrictId, 'station'));
    return { ...station, staff: await listRecords(this.db, STAFF, subdistrictId, { stationId: id }) };
  }

  create(subdistrictId: string, input: StationInput, actor: Actor): Promise<Station> {
    return this.change(actor, (tx, change) => createStation(tx, subdistrictId, input, change));
  }

  update(subdistrictId: string, id: string, version: number, changes: Partial<StationInput>, actor: Actor): Promise<Station> {
    return this.change(actor, async (tx, change) => {
      const current = await requireRow(tx, STATIONS, id, subdistrictId, 'station');
      if (changes.departmentId !== undefined) await checkDepartment(tx, subdistrictId, changes.departmentId);
      checkDelivery(mergedDelivery(current, changes));
      return updateRecord(tx, STATIONS, current, version, changes, change);
    });
  }
}
