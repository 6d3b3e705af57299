// 评优推荐名单 and 晋升建议名单 (评优挂钩, 晋升挂钩): two sheets of one workbook.
import { yearTitle } from './labels';
import { ProgressReporter, type ExportOptions } from './progress';
import { INTEGER_NUM_FMT, addTableRow, createTableSheet, createWorkbook, workbookToBuffer } from './sheet-style';

export const NOMINATIONS_SHEET_NAME = '评优推荐名单';
export const RECOMMENDATIONS_SHEET_NAME = '晋升建议名单';

export interface AwardNomination {
  /** 推荐类别, e.g. 先进集体 / 优秀党组织 / 先进个人 */
  type: string;
  /** 推荐对象: a station or a person */
  name: string;
  /** 所在派驻机构 */
  station: string;
  reason: string;
}

export interface PromotionRecommendation {
  /** 上级主管部门 (the station's superior department the proposal goes to) */
  department: string;
  /** The person concerned; absent for a proposal about the station as a whole. */
  person?: string;
  station: string;
  /** 重点培养 / 重点推荐 / 人事任免建议 … */
  kind: string;
  reason: string;
}

export interface AwardsAndPromotionInput {
  subdistrict: string;
  year: number;
  nominations: readonly AwardNomination[];
  recommendations: readonly PromotionRecommendation[];
}

export async function buildAwardsAndPromotion(input: AwardsAndPromotionInput, options: ExportOptions = {}): Promise<Buffer> {
  const progress = new ProgressReporter(options.onProgress, input.nominations.length + input.recommendations.length);
  const wb = createWorkbook();

  const nominations = createTableSheet(wb, {
    name: NOMINATIONS_SHEET_NAME,
    title: `${input.subdistrict}派驻机构考核评优推荐名单${yearTitle(input.year)}`,
    infoLines: [`根据考核结果，对排名前列的站所和成绩突出的站所负责人、工作人员推荐评选优秀党组织、先进集体和各类先进个人。`],
    columns: [
      { header: '序号', width: 6, align: 'center', numFmt: INTEGER_NUM_FMT },
      { header: '推荐类别', width: 14, align: 'center' },
      { header: '推荐对象', width: 22, align: 'left' },
      { header: '所在派驻机构', width: 24, align: 'left' },
      { header: '推荐理由', width: 44, align: 'left' },
    ],
    landscape: true,
  });
  for (const [i, n] of input.nominations.entries()) {
    addTableRow(nominations, [i + 1, n.type, n.name, n.station, n.reason]);
    await progress.rowsWritten();
  }

  const recommendations = createTableSheet(wb, {
    name: RECOMMENDATIONS_SHEET_NAME,
    title: `${input.subdistrict}派驻机构考核晋升建议名单${yearTitle(input.year)}`,
    infoLines: [`由${input.subdistrict}党工委向派驻机构上级主管部门提出。`],
    columns: [
      { header: '序号', width: 6, align: 'center', numFmt: INTEGER_NUM_FMT },
      { header: '建议类别', width: 14, align: 'center' },
      { header: '派驻机构', width: 24, align: 'left' },
      { header: '人员', width: 12, align: 'center' },
      { header: '上级主管部门', width: 22, align: 'left' },
      { header: '建议理由', width: 44, align: 'left' },
    ],
    landscape: true,
  });
  for (const [i, r] of input.recommendations.entries()) {
    addTableRow(recommendations, [i + 1, r.kind, r.station, r.person, r.department, r.reason]);
    await progress.rowsWritten();
  }

  const buffer = await workbookToBuffer(wb);
  await progress.finished();
  return buffer;
}
