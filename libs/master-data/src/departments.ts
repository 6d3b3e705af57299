import { Injectable } from '@nestjs/common';
import { Tx } from '@app/persistence';
import type { Actor } from '@app/platform';
import { MasterDataError } from './errors';
import { checkDelivery, Delivery, DELIVERY_COLUMNS, deliveryView, mergedDelivery } from './delivery';
import {
  Change, getRecord, insertRecord, listRecords, RecordKind, requireRow, requireSubdistrict, updateRecord,
} from './records';
import { MasterDataService } from './service-base';

/** 'dispatching' 派出部门 sends stations and receives their result notice; 'hr' 组织人事部门 receives a copy. */
export const DEPARTMENT_KINDS = ['dispatching', 'hr'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

export interface Department extends ReturnType<typeof deliveryView> {
  id: string;
  subdistrictId: string;
  name: string;
  kind: DepartmentKind;
  version: number;
  updatedAt: Date;
}

export interface DepartmentInput extends Partial<Delivery> {
  name: string;
  kind: DepartmentKind;
}

export const DEPARTMENTS: RecordKind<Department> = {
  table: 'departments',
  streamType: 'department',
  scope: 'subdistrict_id',
  columns: { subdistrictId: 'subdistrict_id', name: 'name', kind: 'kind', ...DELIVERY_COLUMNS },
  secrets: ['webhookSecret', 'dingtalkToken', 'dingtalkSecret', 'wecomKey'],
  orderBy: 'name, id',
  view: (r) => ({
    id: r.id, subdistrictId: r.subdistrict_id, name: r.name, kind: r.kind, ...deliveryView(r),
    version: r.version, updatedAt: r.updated_at,
  }),
};

export async function createDepartment(tx: Tx, subdistrictId: string, input: DepartmentInput, change: Change): Promise<Department> {
  await requireSubdistrict(tx, subdistrictId);
  checkDelivery({ channels: ['inbox'], ...input });
  return (await insertRecord(tx, DEPARTMENTS, { subdistrictId, ...input }, change)).view;
}

@Injectable()
export class DepartmentService extends MasterDataService {
  list(subdistrictId: string, filters: { kind?: DepartmentKind } = {}): Promise<Department[]> {
    return listRecords(this.db, DEPARTMENTS, subdistrictId, filters);
  }

  get(subdistrictId: string, id: string): Promise<Department> {
    return getRecord(this.db, DEPARTMENTS, id, subdistrictId, 'department');
  }

  create(subdistrictId: string, input: DepartmentInput, actor: Actor): Promise<Department> {
    return this.change(actor, (tx, change) => createDepartment(tx, subdistrictId, input, change));
  }

  update(subdistrictId: string, id: string, version: number, changes: Partial<DepartmentInput>, actor: Actor): Promise<Department> {
    return this.change(actor, async (tx, change) => {
      const current = await requireRow(tx, DEPARTMENTS, id, subdistrictId, 'department');
      checkDelivery(mergedDelivery(current, changes));
      if (changes.kind === 'hr' && current.kind === 'dispatching') {
        const [used] = await tx.query(`SELECT 1 FROM stations WHERE department_id = $1 LIMIT 1`, [id]);
        if (used) throw MasterDataError.conflict('stations are dispatched by this department: it must stay a dispatching department');
      }
      return updateRecord(tx, DEPARTMENTS, current, version, changes, change);
    });
  }
}
