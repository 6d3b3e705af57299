/** The importable tables: stations (派驻机构), staff (工作人员) and the four-platform monthly data (月度数据). Pure. */
import { MasterDataError } from '../errors';
import type { StationKind } from '../stations';
import { Column, oneOf, ParsedRows, parseTable, text, wholeNumber, yesNo } from './columns';
import { readTable } from './table';

export interface StationRow {
  row: number;
  name: string;
  kind: StationKind;
  /** The dispatching department, by name. */
  department: string;
  headName: string | null;
  headcount: number;
  fourPlatforms: boolean;
}

export interface StaffRow {
  row: number;
  name: string;
  position: string | null;
  /** The station, by name. */
  station: string;
  isHead: boolean;
}

export const STATION_COLUMNS: Column<StationRow>[] = [
  { key: 'name', label: '站所名称', aliases: ['name'], required: true, parse: text(100) },
  {
    key: 'kind', label: '类型', aliases: ['kind'], required: true,
    parse: oneOf<StationKind>({ 独立派驻: 'independent', 按区域设置派驻: 'regional', independent: 'independent', regional: 'regional' }),
  },
  { key: 'department', label: '派出部门', aliases: ['department'], required: true, parse: text(100) },
  { key: 'headName', label: '负责人', aliases: ['head', 'headName'], required: false, parse: text(50) },
  { key: 'headcount', label: '编制人数', aliases: ['headcount'], required: true, parse: wholeNumber(10000) },
  { key: 'fourPlatforms', label: '纳入四个平台', aliases: ['fourPlatforms'], required: false, parse: yesNo, empty: true },
];

export const STAFF_COLUMNS: Column<StaffRow>[] = [
  { key: 'name', label: '姓名', aliases: ['name'], required: true, parse: text(50) },
  { key: 'position', label: '职务', aliases: ['position'], required: false, parse: text(100) },
  { key: 'station', label: '所属站所', aliases: ['station'], required: true, parse: text(100) },
  { key: 'isHead', label: '是否负责人', aliases: ['isHead'], required: false, parse: yesNo, empty: false },
];

/**
 * One station-month of the four-platform system's export (“四个平台”月度数据): the counts the suggested scores
 * (建议分) read. Optional columns left empty count as 0 (不满意: 回访 − 满意).
 */
export interface MonthDataRow {
  row: number;
  /** The station, by name. */
  station: string;
  month: number;
  meetingsHeld: number;
  meetingsAttended: number;
  meetingsExcused: number;
  trainingsHeld: number;
  trainingsAttended: number;
  trainingsExcused: number;
  coordinationAssigned: number;
  coordinationNotDone: number;
  received: number;
  onTime: number;
  overdue: number;
  returnedForShirking: number;
  perfunctory: number;
  falsified: number;
  complaints: number;
  surveyed: number;
  satisfied: number;
  unsatisfied: number | null;
}

const count = (key: keyof MonthDataRow & string, label: string, required = true): Column<MonthDataRow> =>
  ({ key, label, aliases: [key], required, parse: wholeNumber(100000), ...(required ? {} : { empty: 0 }) });

export const MONTH_DATA_COLUMNS: Column<MonthDataRow>[] = [
  { key: 'station', label: '站所名称', aliases: ['station'], required: true, parse: text(100) },
  { key: 'month', label: '月份', aliases: ['month'], required: true, parse: wholeNumber(12) },
  count('meetingsHeld', '工作例会次数'), count('meetingsAttended', '出席例会次数'), count('meetingsExcused', '请假缺席例会次数', false),
  count('trainingsHeld', '学习培训次数', false), count('trainingsAttended', '参加培训次数', false), count('trainingsExcused', '请假缺席培训次数', false),
  count('coordinationAssigned', '交办协调任务数', false), count('coordinationNotDone', '未落实协调任务数', false),
  count('received', '受理工单数'), count('onTime', '按时办结数'), count('overdue', '逾期工单数'),
  count('returnedForShirking', '推诿扯皮退回数'), count('perfunctory', '敷衍了事数', false), count('falsified', '弄虚作假数'),
  count('complaints', '经核实投诉数'), count('surveyed', '回访数'), count('satisfied', '满意数'),
  { ...count('unsatisfied', '不满意数', false), empty: null },
];

/** Where each count column of the platform export goes in a month's four-platform data (the API's field path). */
const MONTH_DATA_PATHS: [keyof MonthDataRow & string, string][] = [
  ['meetingsHeld', 'meetingsHeld'], ['meetingsAttended', 'meetingsAttended'], ['meetingsExcused', 'meetingsExcused'],
  ['trainingsHeld', 'trainingsHeld'], ['trainingsAttended', 'trainingsAttended'], ['trainingsExcused', 'trainingsExcused'],
  ['coordinationAssigned', 'coordinationTasks.assigned'], ['coordinationNotDone', 'coordinationTasks.notDone'],
  ['received', 'workOrders.received'], ['onTime', 'workOrders.onTime'], ['overdue', 'workOrders.overdue'],
  ['returnedForShirking', 'workOrders.returnedForShirking'], ['perfunctory', 'workOrders.perfunctory'], ['falsified', 'workOrders.falsified'],
  ['complaints', 'complaints'], ['surveyed', 'satisfaction.surveyed'], ['satisfied', 'satisfaction.satisfied'],
  ['unsatisfied', 'satisfaction.unsatisfied'],
];

/** A row of the platform system's export as the month's four-platform data (the API's shape); an empty 不满意数 is left out. */
export function monthDataOf(r: MonthDataRow): Record<string, unknown> {
  const data: Record<string, any> = {};
  for (const [key, path] of MONTH_DATA_PATHS) {
    if (r[key] === null) continue;
    const [head, leaf] = path.split('.');
    if (leaf) (data[head] ??= {})[leaf] = r[key];
    else data[head] = r[key];
  }
  return data;
}

/** The file's Chinese header of each field path of the month's data, so a problem names the column the user sees. */
export const MONTH_DATA_HEADERS: Record<string, string> = Object.fromEntries(
  MONTH_DATA_PATHS.map(([key, path]) => [path, MONTH_DATA_COLUMNS.find((c) => c.key === key)!.label]),
);

/** The template to download: the header row (and one example row) as UTF-8 CSV with a BOM, so Excel reads it. */
export function monthDataTemplate(): Buffer {
  const example = ['城东派出所', '3', '4', '4', '0', '1', '1', '0', '2', '0', '42', '40', '2', '0', '0', '0', '0', '30', '29', '1'];
  return Buffer.from(`\uFEFF${MONTH_DATA_COLUMNS.map((c) => c.label).join(',')}\r\n${example.join(',')}\r\n`, 'utf8');
}

/** Four-platform monthly data from an .xlsx or UTF-8 .csv file; problems name the row and column. */
export function parseMonthDataRows(buffer: Buffer): Promise<ParsedRows<MonthDataRow>> {
  return parseFile(buffer, MONTH_DATA_COLUMNS);
}

/** Stations from an .xlsx or UTF-8 .csv file; problems name the row and column. */
export function parseStationRows(buffer: Buffer): Promise<ParsedRows<StationRow>> {
  return parseFile(buffer, STATION_COLUMNS);
}

/** Staff from an .xlsx or UTF-8 .csv file; problems name the row and column. */
export function parseStaffRows(buffer: Buffer): Promise<ParsedRows<StaffRow>> {
  return parseFile(buffer, STAFF_COLUMNS);
}

async function parseFile<T extends { row: number }>(buffer: Buffer, columns: Column<T>[]): Promise<ParsedRows<T>> {
  try {
    return parseTable(await readTable(buffer), columns);
  } catch (e) {
    if (e instanceof MasterDataError && e.code === 'IMPORT_FAILED') return { rows: [], problems: e.details };
    throw e;
  }
}

const TEMPLATE_EXAMPLES: Record<'stations' | 'staff', (string | number)[]> = {
  stations: ['城东派出所', '独立派驻', '区公安分局', '张建国', 12, '是'],
  staff: ['张建国', '所长', '城东派出所', '是'],
};

/** The import template (导入模板): the Chinese headers the import reads, and one example row. */
export async function importTemplate(kind: 'stations' | 'staff'): Promise<{ name: string; content: Buffer }> {
  const { Workbook } = await import('exceljs');
  const columns: Column<any>[] = kind === 'stations' ? STATION_COLUMNS : STAFF_COLUMNS;
  const wb = new Workbook();
  const ws = wb.addWorksheet(kind === 'stations' ? '站所' : '工作人员');
  ws.addRow(columns.map((c) => c.label)).font = { bold: true };
  ws.addRow(TEMPLATE_EXAMPLES[kind]);
  ws.columns.forEach((c) => (c.width = 18));
  return { name: kind === 'stations' ? '站所导入模板.xlsx' : '工作人员导入模板.xlsx', content: Buffer.from(await wb.xlsx.writeBuffer()) };
}
