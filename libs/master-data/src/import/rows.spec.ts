import { Workbook } from 'exceljs';
import { parseStaffRows, parseStationRows } from './rows';

const csv = (text: string, bom = false) => Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, 'utf8')]);

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new Workbook();
  const ws = wb.addWorksheet('站所');
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const STATION_HEADER = '站所名称,类型,派出部门,负责人,编制人数,纳入四个平台';

describe('parseStationRows', () => {
  it('reads a UTF-8 CSV with Chinese headers and a BOM', async () => {
    const file = csv(`${STATION_HEADER}\n城东派出所,独立派驻,定海区公安分局,张三,12,是\n城东市场监督管理所,按区域设置派驻,定海区市场监督管理局,,6,否\n`, true);
    expect(await parseStationRows(file)).toEqual({
      problems: [],
      rows: [
        { row: 2, name: '城东派出所', kind: 'independent', department: '定海区公安分局', headName: '张三', headcount: 12, fourPlatforms: true },
        { row: 3, name: '城东市场监督管理所', kind: 'regional', department: '定海区市场监督管理局', headName: null, headcount: 6, fourPlatforms: false },
      ],
    });
  });

  it('accepts English headers in any order and case, and defaults an empty fourPlatforms to yes', async () => {
    const file = csv('Headcount,name,KIND,department,head\n3,城东司法所,independent,定海区司法局,李四\n');
    const { rows, problems } = await parseStationRows(file);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { row: 2, name: '城东司法所', kind: 'independent', department: '定海区司法局', headName: '李四', headcount: 3, fourPlatforms: true },
    ]);
  });

  it('reports every bad cell with the row number the user sees (blank lines count) and the column', async () => {
    const file = csv(`${STATION_HEADER}\n城东派出所,独立派驻,定海区公安分局,张三,12,是\n\n,派驻,定海区司法局,,-1,也许\n`);
    const { rows, problems } = await parseStationRows(file);
    expect(rows).toHaveLength(1);
    expect(problems).toEqual([
      { field: 'row 4: 站所名称', reason: 'required' },
      { field: 'row 4: 类型', reason: 'must be one of 独立派驻, 按区域设置派驻, independent, regional' },
      { field: 'row 4: 编制人数', reason: 'must be a whole number ≥ 0' },
      { field: 'row 4: 纳入四个平台', reason: 'must be one of 是, 否, yes, no, true, false' },
    ]);
  });

  it('refuses unknown and missing columns at row 1', async () => {
    const { problems } = await parseStationRows(csv('站所名称,类型,派出部门,人数\nA,独立派驻,B,1\n'));
    expect(problems).toEqual([
      { field: 'row 1: 人数', reason: expect.stringContaining('unknown column') },
      { field: 'row 1: 编制人数', reason: 'required column is missing' },
    ]);
  });

  it('reads the first sheet of an XLSX workbook, numbers and booleans included', async () => {
    const file = await xlsx([
      ['站所名称', '类型', '派出部门', '负责人', '编制人数', '纳入四个平台'],
      ['城东派出所', '独立派驻', '定海区公安分局', '张三', 12, '是'],
      [],
      ['城东司法所', '按区域设置派驻', '定海区司法局', null, 'x', true],
    ]);
    const { rows, problems } = await parseStationRows(file);
    expect(rows).toEqual([
      { row: 2, name: '城东派出所', kind: 'independent', department: '定海区公安分局', headName: '张三', headcount: 12, fourPlatforms: true },
    ]);
    expect(problems).toEqual([{ field: 'row 4: 编制人数', reason: 'must be a whole number ≥ 0' }]);
  });

  it('says what is wrong with a file it cannot read', async () => {
    expect((await parseStationRows(Buffer.from([0xc9, 0xcf, 0xba, 0xa3]))).problems).toEqual([
      { field: 'file', reason: expect.stringContaining('UTF-8') },
    ]);
    expect((await parseStationRows(Buffer.from('PK\x03\x04garbage'))).problems).toEqual([
      { field: 'file', reason: 'not a readable .xlsx workbook' },
    ]);
    expect((await parseStationRows(csv(''))).problems).toEqual([{ field: 'file', reason: 'the file is empty' }]);
    expect((await parseStationRows(csv(`${STATION_HEADER}\n`))).problems).toEqual([
      { field: 'file', reason: 'no data rows below the header' },
    ]);
  });
});

describe('parseStaffRows', () => {
  it('reads staff with Chinese or English headers; 是否负责人 defaults to no', async () => {
    const zh = await parseStaffRows(csv('姓名,职务,所属站所,是否负责人\n张三,所长,城东派出所,是\n王五,,城东派出所,\n'));
    expect(zh).toEqual({
      problems: [],
      rows: [
        { row: 2, name: '张三', position: '所长', station: '城东派出所', isHead: true },
        { row: 3, name: '王五', position: null, station: '城东派出所', isHead: false },
      ],
    });
    const en = await parseStaffRows(csv('name,station,isHead\nZhao,城东司法所,no\n'));
    expect(en.rows).toEqual([{ row: 2, name: 'Zhao', position: null, station: '城东司法所', isHead: false }]);
  });

  it('requires the name and the station', async () => {
    const { problems } = await parseStaffRows(csv('姓名,所属站所\n,城东派出所\n张三,\n'));
    expect(problems).toEqual([
      { field: 'row 2: 姓名', reason: 'required' },
      { field: 'row 3: 所属站所', reason: 'required' },
    ]);
  });
});
