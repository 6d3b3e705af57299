import { Workbook } from 'exceljs';
import { createTestApp, TestApp } from '@app/testing';

let t: TestApp;
let admin: { id: string };
let coordinatorA: { id: string };
let coordinatorB: { id: string };
let subA: any;
let subB: any;
let police: any; // a dispatching department of A
let hr: any; // the organisation/HR department of A

const q = (sql: string, params: unknown[] = []) => t.runtime.dataSource.query(sql, params);
const count = async (table: string) => Number((await q(`SELECT count(*) AS n FROM ${table}`))[0].n);

async function insertUser(username: string, role: string, subdistrictId: string | null) {
  const [u] = await q(`INSERT INTO users (username, display_name, role, subdistrict_id) VALUES ($1, $1, $2, $3) RETURNING id`, [
    username, role, subdistrictId,
  ]);
  return u as { id: string };
}

beforeAll(async () => {
  t = await createTestApp({ withWorker: false });
  admin = await insertUser('admin', 'admin', null);
  subA = (await t.http.post('/subdistricts').set(t.as(admin)).send({ name: '城东街道', abbr: '城东' }).expect(201)).body;
  subB = (await t.http.post('/subdistricts').set(t.as(admin)).send({ name: '城西街道', abbr: '城西' }).expect(201)).body;
  coordinatorA = await insertUser('coord.a', 'coordinator', subA.id);
  coordinatorB = await insertUser('coord.b', 'coordinator', subB.id);
  const departments = `/subdistricts/${subA.id}/departments`;
  police = (await t.http.post(departments).set(t.as(admin)).send({ name: '定海区公安分局', kind: 'dispatching' }).expect(201)).body;
  hr = (await t.http.post(departments).set(t.as(admin)).send({ name: '组织人事科', kind: 'hr' }).expect(201)).body;
});

afterAll(async () => {
  await t?.close();
});

describe('subdistricts', () => {
  it('are created, listed by name, read and renamed with the version read', async () => {
    expect(subA).toMatchObject({ name: '城东街道', abbr: '城东', version: 1 });
    const list = await t.http.get('/subdistricts').set(t.as(admin)).expect(200);
    expect(list.body.map((s: any) => s.name)).toEqual(['城东街道', '城西街道'].sort());
    await t.http.get(`/subdistricts/${subA.id}`).set(t.as(coordinatorA)).expect(200);
    const renamed = await t.http.patch(`/subdistricts/${subB.id}`).set(t.as(admin)).send({ abbr: '西', version: 1 }).expect(200);
    expect(renamed.body).toMatchObject({ abbr: '西', version: 2 });
    const stale = await t.http.patch(`/subdistricts/${subB.id}`).set(t.as(admin)).send({ abbr: '城西', version: 1 }).expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
  });

  it('refuses a bad value naming the field, and unknown fields', async () => {
    const bad = await t.http.post('/subdistricts').set(t.as(admin)).send({ name: '城南街道', abbr: '城 南' }).expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'abbr' }] });
    const unknown = await t.http.post('/subdistricts').set(t.as(admin)).send({ name: '城南街道', abbr: '城南', mayor: 'x' }).expect(400);
    expect(unknown.body.details[0].field).toBe('mayor');
    const nulled = await t.http.patch(`/subdistricts/${subA.id}`).set(t.as(admin)).send({ name: null, version: 1 }).expect(400);
    expect(nulled.body.details[0].field).toBe('name');
  });

  it('only admins manage them', async () => {
    await t.http.post('/subdistricts').set(t.as(coordinatorA)).send({ name: '城南街道', abbr: '城南' }).expect(403);
    await t.http.get('/subdistricts').set(t.as(coordinatorA)).expect(403);
    await t.http.get('/subdistricts').expect(401);
  });
});

describe('departments', () => {
  const path = () => `/subdistricts/${subA.id}/departments`;

  it('are listed by name and filtered by kind', async () => {
    const all = await t.http.get(path()).set(t.as(coordinatorA)).expect(200);
    expect(all.body.map((d: any) => d.name)).toEqual(['定海区公安分局', '组织人事科'].sort());
    const onlyHr = await t.http.get(`${path()}?kind=hr`).set(t.as(admin)).expect(200);
    expect(onlyHr.body.map((d: any) => d.id)).toEqual([hr.id]);
    await t.http.get(`${path()}?kind=boss`).set(t.as(admin)).expect(400);
  });

  it('need the address of each delivery channel; the webhook secret is never shown', async () => {
    const missing = await t.http.patch(`${path()}/${hr.id}`).set(t.as(admin)).send({ channels: ['webhook'], version: 1 }).expect(400);
    expect(missing.body.details).toEqual([{ field: 'webhookUrl', reason: '选择回调（webhook）渠道时必填' }]);
    const badChannel = await t.http.patch(`${path()}/${hr.id}`).set(t.as(admin)).send({ channels: ['fax'], version: 1 }).expect(400);
    expect(badChannel.body.details[0].field).toBe('channels');
    const ok = await t.http.patch(`${path()}/${hr.id}`).set(t.as(admin)).send({
      channels: ['inbox', 'webhook'], webhookUrl: 'https://oa.example.gov.cn/hook', webhookSecret: 'a-long-random-shared-secret', version: 1,
    }).expect(200);
    expect(ok.body).toMatchObject({ channels: ['inbox', 'webhook'], hasWebhookSecret: true, version: 2 });
    expect(JSON.stringify(ok.body)).not.toContain('a-long-random-shared-secret');
    const [event] = await q(`SELECT payload FROM events WHERE stream_id = $1 AND type = 'department.updated'`, [hr.id]);
    expect(event.payload.webhookSecret).toBe('[redacted]');
    expect(event.payload.channels).toEqual({ from: ['inbox'], to: ['inbox', 'webhook'] });
  });

  it('a department of another subdistrict is not found here', async () => {
    await t.http.patch(`/subdistricts/${subB.id}/departments/${police.id}`).set(t.as(admin)).send({ name: 'x', version: 1 }).expect(404);
  });
});

describe('stations and staff', () => {
  const stations = () => `/subdistricts/${subA.id}/stations`;
  let station: any;

  it('a station needs a dispatching department of its subdistrict and valid values', async () => {
    const viaHr = await t.http.post(stations()).set(t.as(admin))
      .send({ name: '城东派出所', kind: 'independent', departmentId: hr.id, headcount: 12 }).expect(400);
    expect(viaHr.body.details).toEqual([{ field: 'departmentId', reason: '必须是派出部门' }]);
    const negative = await t.http.post(stations()).set(t.as(admin))
      .send({ name: '城东派出所', kind: 'independent', departmentId: police.id, headcount: -1 }).expect(400);
    expect(negative.body.details.map((d: any) => d.field)).toEqual(['headcount']);
  });

  it('creates, lists, filters, reads with staff and updates a station, recording who changed what', async () => {
    station = (await t.http.post(stations()).set(t.as(admin))
      .send({ name: '城东派出所', kind: 'independent', departmentId: police.id, headcount: 12, headName: '张三' }).expect(201)).body;
    expect(station).toMatchObject({ kind: 'independent', headcount: 12, fourPlatforms: true, active: true, version: 1 });
    const dup = await t.http.post(stations()).set(t.as(admin))
      .send({ name: '城东派出所', kind: 'regional', departmentId: police.id, headcount: 1 }).expect(409);
    expect(dup.body.code).toBe('CONFLICT');

    await t.http.post(`/subdistricts/${subA.id}/staff`).set(t.as(admin))
      .send({ stationId: station.id, name: '张三', position: '所长', isHead: true }).expect(201);
    const read = await t.http.get(`${stations()}/${station.id}`).set(t.as(coordinatorA)).expect(200);
    expect(read.body.staff).toMatchObject([{ name: '张三', isHead: true }]);

    const regional = await t.http.get(`${stations()}?kind=regional`).set(t.as(coordinatorA)).expect(200);
    expect(regional.body).toEqual([]);
    const unknownFilter = await t.http.get(`${stations()}?colour=red`).set(t.as(admin)).expect(400);
    expect(unknownFilter.body.details[0].field).toBe('colour');
    const byDept = await t.http.get(`${stations()}?departmentId=${police.id}&active=true`).set(t.as(coordinatorA)).expect(200);
    expect(byDept.body.map((s: any) => s.id)).toEqual([station.id]);

    const updated = await t.http.patch(`${stations()}/${station.id}`).set(t.as(admin)).send({ headcount: 14, version: 1 }).expect(200);
    expect(updated.body).toMatchObject({ headcount: 14, version: 2 });
    const stale = await t.http.patch(`${stations()}/${station.id}`).set(t.as(admin)).send({ headcount: 15, version: 1 }).expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');

    const events = await q(`SELECT type, payload, actor_id, actor_role, subdistrict_id, occurred_at FROM events
                            WHERE stream_type = 'station' AND stream_id = $1 ORDER BY id`, [station.id]);
    expect(events.map((e: any) => e.type)).toEqual(['station.created', 'station.updated']);
    expect(events[1]).toMatchObject({ payload: { headcount: { from: 12, to: 14 } }, actor_id: admin.id, actor_role: 'admin', subdistrict_id: subA.id });
    expect(events[1].occurred_at.toISOString()).toBe(t.clock.now().toISOString());
  });

  it('staff are listed by station and updated with the version read', async () => {
    const list = await t.http.get(`/subdistricts/${subA.id}/staff?stationId=${station.id}`).set(t.as(coordinatorA)).expect(200);
    expect(list.body).toHaveLength(1);
    const member = list.body[0];
    const moved = await t.http.patch(`/subdistricts/${subA.id}/staff/${member.id}`).set(t.as(admin))
      .send({ position: null, active: false, version: 1 }).expect(200);
    expect(moved.body).toMatchObject({ position: null, active: false, version: 2 });
    const inactive = await t.http.get(`/subdistricts/${subA.id}/staff?active=false`).set(t.as(admin)).expect(200);
    expect(inactive.body.map((s: any) => s.id)).toEqual([member.id]);
    const wrongStation = await t.http.post(`/subdistricts/${subB.id}/staff`).set(t.as(admin))
      .send({ stationId: station.id, name: '李四' }).expect(400);
    expect(wrongStation.body.details[0].field).toBe('stationId');
  });

  it('users: station users need a station, usernames are unique, roles change with the version read', async () => {
    const users = `/subdistricts/${subA.id}/users`;
    const noStation = await t.http.post(users).set(t.as(admin)).send({ username: 'cd.pcs', displayName: '城东派出所', role: 'station' }).expect(400);
    expect(noStation.body.details[0].field).toBe('stationId');
    const badRole = await t.http.post(users).set(t.as(admin)).send({ username: 'cd.x', displayName: 'x', role: 'boss' }).expect(400);
    expect(badRole.body.details[0].field).toBe('role');
    const user = (await t.http.post(users).set(t.as(admin))
      .send({ username: 'cd.pcs', displayName: '城东派出所', role: 'station', stationId: station.id }).expect(201)).body;
    expect(user).toMatchObject({ role: 'station', stationId: station.id, subdistrictId: subA.id, active: true });
    expect(user).not.toHaveProperty('passwordHash');
    await t.http.post(users).set(t.as(admin)).send({ username: 'cd.pcs', displayName: '重复', role: 'leader' }).expect(409);

    const promoted = await t.http.patch(`${users}/${user.id}`).set(t.as(admin)).send({ role: 'leader', version: 1 }).expect(200);
    expect(promoted.body).toMatchObject({ role: 'leader', stationId: null, version: 2 });
    const leaders = await t.http.get(`${users}?role=leader`).set(t.as(admin)).expect(200);
    expect(leaders.body.map((u: any) => u.username)).toEqual(['cd.pcs']);
    await t.http.get(users).set(t.as(coordinatorA)).expect(403);
  });
});

describe('OpenAPI', () => {
  it('documents the master-data routes with their fields', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/subdistricts', '/subdistricts/{subdistrictId}', '/subdistricts/{subdistrictId}/stations/{stationId}',
      '/subdistricts/{subdistrictId}/imports/stations', '/subdistricts/{subdistrictId}/users/{userId}',
    ]));
    expect(doc.components.schemas.CreateStationDto.properties.headcount.example).toBe(12);
    expect(doc.components.schemas.UpdateStationDto.required).toEqual(['version']);
  });
});

describe('access', () => {
  it('another subdistrict’s coordinator gets 403; a coordinator reads but does not manage', async () => {
    await t.http.get(`/subdistricts/${subA.id}/stations`).set(t.as(coordinatorB)).expect(403);
    await t.http.get(`/subdistricts/${subA.id}`).set(t.as(coordinatorB)).expect(403);
    await t.http.get(`/subdistricts/${subA.id}/departments`).set(t.as(coordinatorB)).expect(403);
    await t.http.get(`/subdistricts/${subA.id}/stations`).set(t.as(coordinatorA)).expect(200);
    await t.http.post(`/subdistricts/${subA.id}/departments`).set(t.as(coordinatorA)).send({ name: '定海区司法局', kind: 'dispatching' }).expect(403);
    await t.http.post(`/subdistricts/${subA.id}/imports/stations`).set(t.as(coordinatorA))
      .attach('file', Buffer.from('name\n'), 'x.csv').expect(403);
  });
});

describe('bulk import', () => {
  const upload = (kind: 'stations' | 'staff', file: Buffer, name: string, subdistrictId = subA.id) =>
    t.http.post(`/subdistricts/${subdistrictId}/imports/${kind}`).set(t.as(admin)).attach('file', file, name);

  async function xlsx(rows: unknown[][]): Promise<Buffer> {
    const wb = new Workbook();
    const ws = wb.addWorksheet('导入');
    rows.forEach((r) => ws.addRow(r));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  beforeAll(async () => {
    await t.http.post(`/subdistricts/${subA.id}/departments`).set(t.as(admin)).send({ name: '定海区市场监督管理局', kind: 'dispatching' }).expect(201);
  });

  it('imports stations from a UTF-8 CSV with a BOM', async () => {
    const csv = '\uFEFF站所名称,类型,派出部门,负责人,编制人数,纳入四个平台\n'
      + '城东市场监督管理所,按区域设置派驻,定海区市场监督管理局,王五,6,是\n'
      + '城东交警中队,独立派驻,定海区公安分局,,8,否\n';
    const res = await upload('stations', Buffer.from(csv, 'utf8'), 'stations.csv').expect(201);
    expect(res.body).toMatchObject({ dryRun: false, imported: 2, created: 2, updated: 0, unchanged: 0 });
    const [row] = await q(`SELECT kind, headcount, four_platforms, head_name FROM stations WHERE name = '城东交警中队'`);
    expect(row).toEqual({ kind: 'independent', headcount: 8, four_platforms: false, head_name: null });
    const [{ n }] = await q(`SELECT count(*)::int AS n FROM events WHERE type = 'station.created' AND reason = 'bulk import'`);
    expect(n).toBe(2);
  });

  it('imports staff from an XLSX workbook with English headers', async () => {
    const file = await xlsx([
      ['name', 'position', 'station', 'isHead'],
      ['王五', '所长', '城东市场监督管理所', '是'],
      ['赵六', null, '城东交警中队', 'no'],
    ]);
    const res = await upload('staff', file, 'staff.xlsx').expect(201);
    expect(res.body).toMatchObject({ imported: 2, created: 2 });
    const [s] = await q(`SELECT s.is_head, st.name AS station FROM staff s JOIN stations st ON st.id = s.station_id WHERE s.name = '王五'`);
    expect(s).toEqual({ is_head: true, station: '城东市场监督管理所' });
  });

  it('a CSV with bad rows imports nothing and names every row and column at once', async () => {
    const before = await count('stations');
    const csv = '站所名称,类型,派出部门,负责人,编制人数,纳入四个平台\n'
      + '城东司法所,独立派驻,定海区公安分局,李四,3,是\n'
      + '城东自然资源所,按区域设置派驻,定海区公安分局,,三,是\n'
      + '城东水利站,独立派驻,定海区水利局,王五,2,是\n';
    const res = await upload('stations', Buffer.from(csv, 'utf8'), 'bad.csv').expect(400);
    // a cell that does not parse (row 3) and a row the subdistrict's data refuses (row 4) come in one answer
    expect(res.body).toEqual({
      code: 'IMPORT_FAILED',
      message: '文件未导入任何数据，请修改以下2处后重新上传：“第3行·编制人数”必须是不小于 0 的整数；“第4行·派出部门”本街道没有名为“定海区水利局”的部门',
      details: [
        { field: 'row 3: 编制人数', reason: '必须是不小于 0 的整数' },
        { field: 'row 4: 派出部门', reason: '本街道没有名为“定海区水利局”的部门' },
      ],
    });
    expect(await count('stations')).toBe(before);
  });

  it('an XLSX with rows the subdistrict’s data refuses imports nothing', async () => {
    const before = await count('stations');
    const eventsBefore = await count('events');
    const file = await xlsx([
      ['站所名称', '类型', '派出部门', '负责人', '编制人数', '纳入四个平台'],
      ['城东司法所', '独立派驻', '定海区公安分局', '李四', 3, '是'],
      ['城东派出所', '独立派驻', '定海区公安分局', '张三', 12, '是'],
      ['城东司法所', '独立派驻', '定海区公安分局', '李四', 3, '是'],
      ['城东城管中队', '按区域设置派驻', '定海区综合行政执法局', '', 5, '否'],
      ['城东组织站', '独立派驻', '组织人事科', '', 1, '是'],
    ]);
    const res = await upload('stations', file, 'bad.xlsx').expect(400);
    expect(res.body.code).toBe('IMPORT_FAILED');
    expect(res.body.details).toEqual([
      { field: 'row 4: 站所名称', reason: '与第2行重复' },
      { field: 'row 5: 派出部门', reason: '本街道没有名为“定海区综合行政执法局”的部门' },
      { field: 'row 6: 派出部门', reason: '“组织人事科”不是派出部门' },
    ]);
    expect(await count('stations')).toBe(before);
    expect(await count('events')).toBe(eventsBefore);
  });

  it('a dry run answers what would change and writes nothing; re-importing updates existing stations by name', async () => {
    const csv = '站所名称,类型,派出部门,负责人,编制人数,纳入四个平台\n'
      + '城东市场监督管理所,按区域设置派驻,定海区市场监督管理局,王五,7,是\n' // headcount 6 → 7
      + '城东交警中队,独立派驻,定海区公安分局,,8,否\n' // as imported before
      + '城东水务站,按区域设置派驻,定海区市场监督管理局,,2,是\n'; // new
    const stations = await count('stations');
    const events = await count('events');
    const dry = await t.http.post(`/subdistricts/${subA.id}/imports/stations?dryRun=true`).set(t.as(admin))
      .attach('file', Buffer.from(csv, 'utf8'), 'stations.csv').expect(201);
    expect(dry.body).toEqual({
      dryRun: true, imported: 2, created: 1, updated: 1, unchanged: 1,
      rows: [
        { row: 2, name: '城东市场监督管理所', action: 'updated', changes: ['headcount'] },
        { row: 3, name: '城东交警中队', action: 'unchanged', changes: [] },
        { row: 4, name: '城东水务站', action: 'created', changes: [] },
      ],
    });
    expect([await count('stations'), await count('events')]).toEqual([stations, events]);
    const done = await upload('stations', Buffer.from(csv, 'utf8'), 'stations.csv').expect(201);
    expect(done.body).toMatchObject({ dryRun: false, created: 1, updated: 1, unchanged: 1 });
    expect(await count('stations')).toBe(stations + 1);
    const [row] = await q(`SELECT headcount FROM stations WHERE name = '城东市场监督管理所'`);
    expect(row.headcount).toBe(7);
    const template = await t.http.get(`/subdistricts/${subA.id}/imports/templates/staff`).set(t.as(admin)).buffer(true)
      .parse((r: any, cb: any) => { const c: Buffer[] = []; r.on('data', (x: Buffer) => c.push(x)); r.on('end', () => cb(null, Buffer.concat(c))); }).expect(200);
    const wb = new Workbook();
    await wb.xlsx.load(template.body);
    expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(['姓名', '职务', '所属站所', '是否负责人']);
  });

  it('staff of an unknown station, a missing file and an unreadable file are refused', async () => {
    const before = await count('staff');
    const res = await upload('staff', Buffer.from('姓名,所属站所\n钱七,城东派出所\n孙八,不存在所\n'), 'staff.csv').expect(400);
    expect(res.body.details).toEqual([{ field: 'row 3: 所属站所', reason: '本街道没有名为“不存在所”的站所' }]);
    expect(await count('staff')).toBe(before);
    const none = await t.http.post(`/subdistricts/${subA.id}/imports/staff`).set(t.as(admin)).expect(400);
    expect(none.body.details).toEqual([{ field: 'file', reason: '请选择要上传的文件' }]);
    const gbk = await upload('staff', Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x0a]), 'gbk.csv').expect(400);
    expect(gbk.body).toMatchObject({ code: 'IMPORT_FAILED', details: [{ field: 'file' }] });
  });
});
