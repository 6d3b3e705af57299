/** The two importable tables: stations (派驻机构) and staff (工作人员). Pure. */
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
