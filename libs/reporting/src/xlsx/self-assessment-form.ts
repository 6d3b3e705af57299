// 《城东街道派驻机构考核自评表》: the form a station fills in December (a score and a justification per item).
import { DEFAULT_TIME_ZONE, formatDate, yearTitle } from './labels';
import type { RubricForExport, ScoresByItem, TextByItem } from './rubric-for-export';
import { assertScoresFitRubric, rubricTableColumns, writeRubricTable, type RubricTableSpec } from './rubric-table';
import { addNoteLine, createTableSheet, createWorkbook, workbookToBuffer } from './sheet-style';
import { stationInfoLine, type StationForExport } from './station-info';

export const SELF_ASSESSMENT_SHEET_NAME = '自评表';

export interface SelfAssessmentFormInput {
  /** 城东街道 */
  subdistrict: string;
  year: number;
  station: StationForExport;
  /** Self-scores in integer tenths by item key; innovation under INNOVATION_SCORE_KEY. Omit for a blank form. */
  scores?: ScoresByItem;
  /** 自评说明 by item key. */
  justifications?: TextByItem;
  /** An instant, or a calendar date 'YYYY-MM-DD'. */
  submittedAt?: Date | string;
  /** For instants (default Asia/Shanghai). */
  timeZone?: string;
}

export async function buildSelfAssessmentForm(rubric: RubricForExport, input: SelfAssessmentFormInput): Promise<Buffer> {
  assertScoresFitRubric(rubric, input.scores, 'scores');
  const spec: RubricTableSpec = {
    scoreColumns: [{ header: '自评分', scores: input.scores }],
    remark: { header: '自评说明', texts: input.justifications },
  };
  const wb = createWorkbook();
  const sheet = createTableSheet(wb, {
    name: SELF_ASSESSMENT_SHEET_NAME,
    title: `${input.subdistrict}派驻机构考核自评表${yearTitle(input.year)}`,
    infoLines: [stationInfoLine(input.station)],
    columns: rubricTableColumns(spec),
  });
  writeRubricTable(sheet, rubric, spec);

  const date = input.submittedAt ? formatDate(input.submittedAt, input.timeZone ?? DEFAULT_TIME_ZONE) : '';
  addNoteLine(sheet, `填报单位（盖章）：${' '.repeat(24)}负责人（签字）：${' '.repeat(16)}填报日期：${date}`, { blankBefore: true });
  addNoteLine(sheet, `注：请于${input.year}年12月31日前连同年度工作情况报街道“四个平台”绩效考核（协调）组。考核细则版本：${rubric.version}。`);
  return workbookToBuffer(wb);
}
