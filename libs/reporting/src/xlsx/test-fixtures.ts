// Shared test data: the 2021 trial rubric in the policy library's JSON shape, and reading a workbook back.
import { Workbook, type Worksheet } from 'exceljs';
import type { RubricForExport } from './rubric-for-export';

export const RUBRIC_2021: RubricForExport = {
  version: '2021-trial',
  title: { zh: '区级部门派驻城东街道机构考核办法（试行）', en: 'Assessment of dispatched stations (trial)' },
  parts: [
    {
      key: 'daily',
      label: { zh: '日常管理', en: 'Daily management' },
      max: 50,
      items: [
        {
          key: 'serveCentre',
          label: { zh: '服务中心', en: 'Serving the centre' },
          max: 10,
          description: { zh: '主要考核派驻机构围绕街道党工委、办事处年度重点工作完成情况，如三改一拆、五水共治、四边三化、文明城市创建、维护稳定、安全生产等。' },
        },
        {
          key: 'performDuties',
          label: { zh: '履行职能', en: 'Performing duties' },
          max: 10,
          description: { zh: '主要考核派驻机构履行法律、法规、规章赋予的职责情况；完成年度工作任务情况；职责范围内的管理和服务是否到位。' },
        },
        {
          key: 'workStyle',
          label: { zh: '作风效能', en: 'Work style and efficiency' },
          max: 15,
          description: { zh: '主要考核派驻机构人员是否存在以权谋私、吃拿卡要；是否存在门难进、脸难看、事难办现象；是否存在办事拖拉、推诿扯皮、政令不畅等问题。' },
        },
        {
          key: 'teamBuilding',
          label: { zh: '队伍建设', en: 'Team building' },
          max: 15,
          description: { zh: '主要考核派驻机构有否有计划、经常性的开展各类学习培训；有否执行工作双向报告制度、工作述职制度、请销假和值班制度等。' },
        },
      ],
    },
    {
      key: 'special',
      label: { zh: '专项管理', en: 'Special management' },
      max: 50,
      items: [
        {
          key: 'platformParticipation',
          label: { zh: '参与“四个平台”', en: 'Four-platform participation' },
          max: 20,
          description: { zh: '主要考核派驻机构是否准时参加工作例会、学习培训；是否积极参与“四个平台”开展与区属部门协调工作等。' },
        },
        {
          key: 'workOrders',
          label: { zh: '工单办理', en: 'Work-order handling' },
          max: 20,
          description: { zh: '主要考核派驻机构是否存在推诿、扯皮、拖延、逾期等情况；是否存在敷衍了事、弄虚作假情况；是否解决实际民生问题等。' },
        },
        {
          key: 'satisfaction',
          label: { zh: '满意度测评', en: 'Satisfaction' },
          max: 10,
          description: { zh: '主要考核派驻机构是否存在被群众投诉情况；工单办理结果是否满意等。' },
        },
      ],
    },
  ],
  innovation: {
    label: { zh: '创新工作附加', en: 'Innovation bonus' },
    cap: 10,
    levels: [
      { key: 'district', label: { zh: '区级', en: 'District' }, points: 1 },
      { key: 'city', label: { zh: '市级', en: 'City' }, points: 2 },
      { key: 'province', label: { zh: '省级', en: 'Province' }, points: 3 },
      { key: 'national', label: { zh: '国家级', en: 'National' }, points: 5 },
    ],
  },
};

export async function readWorkbook(buffer: Buffer): Promise<Workbook> {
  const wb = new Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

export function sheetOf(wb: Workbook, name: string): Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}; sheets: ${wb.worksheets.map((w) => w.name).join(', ')}`);
  return ws;
}

/** Text values of a row's cells from column 1 to `count`. */
export function rowTexts(ws: Worksheet, rowNumber: number, count: number): string[] {
  const row = ws.getRow(rowNumber);
  return Array.from({ length: count }, (_, i) => row.getCell(i + 1).text);
}

/** A formula cell as { formula, result }. */
export function formulaOf(ws: Worksheet, address: string): { formula?: string; result?: unknown } {
  const v = ws.getCell(address).value as { formula?: string; result?: unknown } | null;
  return { formula: v?.formula, result: v?.result };
}
