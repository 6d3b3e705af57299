// 奖金预算表 (奖金挂钩): what the subdistrict pays, per station and per person. Every station amount is a formula
// over its persons on the per-person sheet, and both grand totals are formulas; cached results equal the sums.
import { gradeLabel, stationKindLabel, yearTitle } from './labels';
import { ProgressReporter, type ExportOptions } from './progress';
import {
  INTEGER_NUM_FMT,
  MONEY_NUM_FMT,
  addTableRow,
  assertWholeYuan,
  createTableSheet,
  createWorkbook,
  formula,
  mergeRowCells,
  sheetRef,
  workbookToBuffer,
} from './sheet-style';

export const BONUS_BY_STATION_SHEET_NAME = '奖金预算（按站所）';
export const BONUS_BY_PERSON_SHEET_NAME = '奖金明细（按人员）';

export interface BonusPerson {
  name: string;
  /** 职务, e.g. 所长 / 科员 */
  position: string;
  /** The person's grade (优秀 / 良好 / … or key); for a regional station usually the station's grade. */
  grade: string;
  /** Whole yuan (0 for no bonus). */
  amount: number;
}

export interface BonusStation {
  stationName: string;
  kind: string;
  /** The station's grade (regional) or its result grade (independent). */
  grade: string;
  persons: readonly BonusPerson[];
  /** 编制人数: when it differs from the persons listed, the row says so (to be checked before approval). */
  headcount?: number;
}

export interface BonusBudgetInput {
  subdistrict: string;
  year: number;
  stations: readonly BonusStation[];
}

export async function buildBonusBudget(input: BonusBudgetInput, options: ExportOptions = {}): Promise<Buffer> {
  const personCount = input.stations.reduce((n, s) => n + s.persons.length, 0);
  const progress = new ProgressReporter(options.onProgress, personCount + input.stations.length);
  const title = `${input.subdistrict}派驻机构考核奖金预算表${yearTitle(input.year)}`;
  const wb = createWorkbook();
  const byStation = createTableSheet(wb, {
    name: BONUS_BY_STATION_SHEET_NAME,
    title,
    infoLines: [`金额单位：元。所需资金由${input.subdistrict}统一负责。人员明细见“${BONUS_BY_PERSON_SHEET_NAME}”。`],
    columns: [
      { header: '序号', width: 6, align: 'center', numFmt: INTEGER_NUM_FMT },
      { header: '派驻机构', width: 26, align: 'left' },
      { header: '类型', width: 15, align: 'center' },
      { header: '考核等次', width: 9, align: 'center' },
      { header: '人数', width: 7, align: 'center', numFmt: INTEGER_NUM_FMT },
      { header: '获奖人数', width: 9, align: 'center', numFmt: INTEGER_NUM_FMT },
      { header: '奖金预算（元）', width: 14, align: 'right', numFmt: MONEY_NUM_FMT },
      { header: '备注', width: 26, align: 'left' },
    ],
  });
  const byPerson = createTableSheet(wb, {
    name: BONUS_BY_PERSON_SHEET_NAME,
    title: `${input.subdistrict}派驻机构考核奖金发放明细表${yearTitle(input.year)}`,
    infoLines: ['金额单位：元。'],
    columns: [
      { header: '序号', width: 6, align: 'center', numFmt: INTEGER_NUM_FMT },
      { header: '派驻机构', width: 26, align: 'left' },
      { header: '姓名', width: 10, align: 'center' },
      { header: '职务', width: 14, align: 'center' },
      { header: '考核等次', width: 9, align: 'center' },
      { header: '奖金（元）', width: 12, align: 'right', numFmt: MONEY_NUM_FMT },
    ],
  });

  // Per-person lines first: each station's amount refers to its block of rows there.
  const personFirstRow = byPerson.ws.rowCount + 1;
  const blocks: { from: number; to: number; sum: number }[] = [];
  let serial = 0;
  for (const [s, station] of input.stations.entries()) {
    const from = byPerson.ws.rowCount + 1;
    let sum = 0;
    for (const [p, person] of station.persons.entries()) {
      assertWholeYuan(person.amount, `stations[${s}].persons[${p}].amount (${station.stationName} ${person.name})`);
      sum += person.amount;
      addTableRow(byPerson, [++serial, station.stationName, person.name, person.position, gradeLabel(person.grade), person.amount]);
      await progress.rowsWritten();
    }
    blocks.push({ from, to: byPerson.ws.rowCount, sum });
  }
  const personLastRow = byPerson.ws.rowCount;
  const grandTotal = blocks.reduce((n, b) => n + b.sum, 0);
  const personTotal = [];
  personTotal[0] = '合计';
  personTotal[5] = personCount > 0 ? formula(`SUM(F${personFirstRow}:F${personLastRow})`, grandTotal) : 0;
  mergeRowCells(byPerson.ws, addTableRow(byPerson, personTotal, 'total').number, 1, 5);

  const stationFirstRow = byStation.ws.rowCount + 1;
  for (const [s, station] of input.stations.entries()) {
    const block = blocks[s];
    const amount =
      station.persons.length > 0
        ? formula(`SUM(${sheetRef(BONUS_BY_PERSON_SHEET_NAME, `F${block.from}:F${block.to}`)})`, block.sum)
        : 0;
    addTableRow(byStation, [
      s + 1,
      station.stationName,
      stationKindLabel(station.kind),
      gradeLabel(station.grade),
      station.persons.length,
      station.persons.filter((p) => p.amount > 0).length,
      amount,
      station.headcount !== undefined && station.headcount !== station.persons.length
        ? `在册${station.persons.length}人与编制${station.headcount}人不符，请核实`
        : '',
    ]);
    await progress.rowsWritten();
  }
  const stationLastRow = byStation.ws.rowCount;
  const stationTotal = [];
  stationTotal[0] = '合计';
  const hasStations = input.stations.length > 0;
  const awarded = input.stations.reduce((n, s) => n + s.persons.filter((p) => p.amount > 0).length, 0);
  stationTotal[4] = hasStations ? formula(`SUM(E${stationFirstRow}:E${stationLastRow})`, personCount) : 0;
  stationTotal[5] = hasStations ? formula(`SUM(F${stationFirstRow}:F${stationLastRow})`, awarded) : 0;
  stationTotal[6] = hasStations ? formula(`SUM(G${stationFirstRow}:G${stationLastRow})`, grandTotal) : 0;
  mergeRowCells(byStation.ws, addTableRow(byStation, stationTotal, 'total').number, 1, 4);

  const buffer = await workbookToBuffer(wb);
  await progress.finished();
  return buffer;
}
