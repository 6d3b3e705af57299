// 《城东街道派驻机构考核测评表》: the coordination group's scoring of one station beside its self-scores.
import { DEFAULT_TIME_ZONE, formatDate, yearTitle } from './labels';
import type { RubricForExport, ScoresByItem, TextByItem } from './rubric-for-export';
import { assertScoresFitRubric, rubricTableColumns, writeRubricTable, type RubricTableSpec } from './rubric-table';
import { addNoteLine, createTableSheet, createWorkbook, workbookToBuffer } from './sheet-style';
import { stationInfoLine, type StationForExport } from './station-info';

export const EVALUATION_SHEET_NAME = '测评表';

export interface EvaluationFormInput {
  subdistrict: string;
  year: number;
  station: StationForExport;
  /** The station's self-scores (integer tenths by item key). */
  selfScores?: ScoresByItem;
  /** Suggested scores (建议分) from the year's records; when given, a 建议分 column stands before 测评得分. */
  suggestedScores?: ScoresByItem;
  /** The group's scores (测评得分); omit for a form to be filled in by hand. */
  groupScores?: ScoresByItem;
  /** 扣分说明 by item key: the scorer's comment, the records behind the suggestion, a departure's reason. */
  comments?: TextByItem;
  /** 测评人 */
  scorer?: string;
  /** An instant, or a calendar date 'YYYY-MM-DD'. */
  scoredAt?: Date | string;
  timeZone?: string;
}

export async function buildEvaluationForm(rubric: RubricForExport, input: EvaluationFormInput): Promise<Buffer> {
  assertScoresFitRubric(rubric, input.selfScores, 'selfScores');
  assertScoresFitRubric(rubric, input.groupScores, 'groupScores');
  assertScoresFitRubric(rubric, input.suggestedScores, 'suggestedScores');
  const spec: RubricTableSpec = {
    scoreColumns: [
      { header: '自评分', scores: input.selfScores },
      ...(input.suggestedScores ? [{ header: '建议分', scores: input.suggestedScores }] : []),
      { header: '测评得分', scores: input.groupScores },
    ],
    remark: { header: '扣分说明', texts: input.comments },
  };
  const wb = createWorkbook();
  const sheet = createTableSheet(wb, {
    name: EVALUATION_SHEET_NAME,
    title: `${input.subdistrict}派驻机构考核测评表${yearTitle(input.year)}`,
    infoLines: [stationInfoLine(input.station)],
    columns: rubricTableColumns(spec),
  });
  writeRubricTable(sheet, rubric, spec);

  const date = input.scoredAt ? formatDate(input.scoredAt, input.timeZone ?? DEFAULT_TIME_ZONE) : '';
  addNoteLine(sheet, `测评人（签字）：${input.scorer ?? ''}${' '.repeat(20)}测评日期：${date}`, { blankBefore: true });
  addNoteLine(sheet, `测评单位：${input.subdistrict}“四个平台”绩效考核（协调）组。考核细则版本：${rubric.version}。`);
  return workbookToBuffer(wb);
}
