import { Injectable } from '@nestjs/common';
import { Tx } from '@app/persistence';
import { Actor, Role } from '@app/platform';
import { checkDelivery, Delivery, DELIVERY_COLUMNS, deliveryView, mergedDelivery } from './delivery';
import { MasterDataError } from './errors';
import { Change, insertRecord, listRecords, RecordKind, requireRow, requireSubdistrict, updateRecord } from './records';
import { MasterDataService } from './service-base';
import { checkStation } from './staff';

/**
 * A user of a subdistrict; station users belong to one station. Passwords are the auth module's business. Notices
 * addressed to the user (hand-offs, alarms, late lists) go to its channels, as a station's or department's do:
 * inbox, e-mail, webhook, a DingTalk or WeCom robot (the robot's token, secret and key are write-only).
 */
export interface User extends ReturnType<typeof deliveryView> {
  id: string;
  subdistrictId: string | null;
  username: string;
  displayName: string;
  role: Role;
  stationId: string | null;
  active: boolean;
  version: number;
  updatedAt: Date;
}

export interface UserInput extends Partial<Delivery> {
  username: string;
  displayName: string;
  role: Role;
  stationId?: string | null;
  active?: boolean;
}

export interface UserFilters {
  role?: Role;
  stationId?: string;
  active?: boolean;
}

export const USERS: RecordKind<User> = {
  table: 'users',
  streamType: 'user',
  scope: 'subdistrict_id',
  columns: {
    subdistrictId: 'subdistrict_id', username: 'username', displayName: 'display_name', role: 'role',
    stationId: 'station_id', active: 'active', ...DELIVERY_COLUMNS,
  },
  secrets: ['webhookSecret', 'dingtalkToken', 'dingtalkSecret', 'wecomKey'],
  orderBy: 'display_name, username',
  view: (r) => ({
    id: r.id, subdistrictId: r.subdistrict_id, username: r.username, displayName: r.display_name, role: r.role,
    stationId: r.station_id, active: r.active, ...deliveryView(r), version: r.version, updatedAt: r.updated_at,
  }),
};

/** Station users name their station (of this subdistrict); every other role has none. */
async function checkRoleAndStation(tx: Tx, subdistrictId: string, role: Role, stationId: string | null): Promise<void> {
  if (role === 'station' && !stationId) throw MasterDataError.invalid('stationId', 'required for a station user');
  if (role !== 'station' && stationId) throw MasterDataError.invalid('stationId', 'only station users belong to a station');
  if (stationId) await checkStation(tx, subdistrictId, stationId);
}

export async function createUser(tx: Tx, subdistrictId: string, input: UserInput, change: Change): Promise<User> {
  await requireSubdistrict(tx, subdistrictId);
  await checkRoleAndStation(tx, subdistrictId, input.role, input.stationId ?? null);
  checkDelivery({ channels: ['inbox'], ...input });
  return (await insertRecord(tx, USERS, { subdistrictId, ...input }, change)).view;
}

@Injectable()
export class UserService extends MasterDataService {
  list(subdistrictId: string, filters: UserFilters = {}): Promise<User[]> {
    return listRecords(this.db, USERS, subdistrictId, filters);
  }

  create(subdistrictId: string, input: UserInput, actor: Actor): Promise<User> {
    return this.change(actor, (tx, change) => createUser(tx, subdistrictId, input, change));
  }

  update(subdistrictId: string, id: string, version: number, changes: Partial<UserInput>, actor: Actor): Promise<User> {
    return this.change(actor, async (tx, change) => {
      const current = await requireRow(tx, USERS, id, subdistrictId, 'user');
      const role = changes.role ?? current.role;
      // a user who stops being a station user leaves the station
      const stationId = changes.stationId !== undefined ? changes.stationId : role === 'station' ? current.station_id : null;
      await checkRoleAndStation(tx, subdistrictId, role, stationId);
      checkDelivery(mergedDelivery(current, changes));
      return updateRecord(tx, USERS, current, version, { ...changes, stationId }, change);
    });
  }
}
