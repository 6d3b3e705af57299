/**
 * Builds each export kind from the read models: loads the data (a few set-based queries) and hands it to the
 * pure XLSX builders in ../xlsx. Used by the export job processor and by the direct board downloads.
 */
import { Injectable } from '@nestjs/common';
import { INNOVATION_LEVELS, Policy } from '@app/policy';
import { loadStationYear, loadYear, UnitOfWork, ValidationError, WorkflowQueries } from '@app/assessment';
import type { YearRef } from '@app/assessment';
import {
  buildAwardsAndPromotion, buildBonusBudget, buildEvaluationForm, buildLateBoard, buildNotSubmittedList, buildResultTable,
  buildSelfAssessmentForm, INNOVATION_SCORE_KEY, type ProgressCallback, type RubricForExport,
} from '../xlsx';
import { BoardQueries, type Board } from '../board/board.query';

export const EXPORT_KINDS = ['self_assessment_form', 'evaluation_form', 'result_table', 'bonus_budget', 'awards', 'late_board', 'not_submitted'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const STATION_EXPORT_KINDS: readonly ExportKind[] = ['self_assessment_form', 'evaluation_form'];

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const FILE_TITLES: Record<ExportKind, string> = {
  self_assessment_form: '派驻机构考核自评表',
  evaluation_form: '派驻机构考核测评表',
  result_table: '派驻机构考核结果汇总表',
  bonus_budget: '派驻机构考核奖金预算',
  awards: '评优推荐和晋升建议名单',
  late_board: '派驻机构考核催报看板',
  not_submitted: '未提交自评名单',
};

const RECOMMENDATION_KINDS: Record<string, string> = { keyTraining: '重点培养', appointmentReview: '人事任免建议' };
const ROLE_POSITIONS: Record<string, string> = { head: '负责人', staff: '工作人员' };

export interface ExportFile {
  name: string;
  mime: string;
  content: Buffer;
}

/** The policy's rubric in the shape the forms take (innovation levels as a list, descriptions as text). */
export function rubricForExport(policy: Policy): RubricForExport {
  return {
    version: policy.version,
    title: policy.title,
    parts: policy.parts.map((p) => ({
      key: p.key, label: p.label, max: p.max,
      items: p.items.map((i) => ({ key: i.key, label: i.label, max: i.max, description: i.description ? { zh: i.description } : undefined })),
    })),
    innovation: {
      label: policy.innovation.label, cap: policy.innovation.cap,
      levels: INNOVATION_LEVELS.map((k) => ({ key: k, label: policy.innovation.levels[k].label, points: policy.innovation.levels[k].points })),
    },
  };
}

@Injectable()
export class ExportFiles {
  constructor(private readonly uow: UnitOfWork, private readonly workflow: WorkflowQueries, private readonly boards: BoardQueries) {}

  async build(kind: ExportKind, ref: YearRef, stationId: string | null, onProgress?: ProgressCallback): Promise<ExportFile> {
    const tz = this.uow.config.timeZone;
    const y = await loadYear(this.uow.db, ref.subdistrictId, ref.year);
    const policy = this.uow.policies.get(y.policyVersion);
    const [sub] = await this.uow.db.query(`SELECT name FROM subdistricts WHERE id = $1`, [ref.subdistrictId]);
    const subdistrict: string = sub.name;
    let content: Buffer;
    let prefix = `${subdistrict}${ref.year}年度`;
    switch (kind) {
      case 'self_assessment_form':
      case 'evaluation_form': {
        if (!stationId) throw new ValidationError('stationId', `a ${kind} is per station`);
        const sy = await loadStationYear(this.uow.db, ref.subdistrictId, stationId, ref.year);
        const [[st], [sa], items, [res]] = await Promise.all([
          this.uow.db.query(`SELECT s.name, s.kind, s.head_name, d.name AS department FROM stations s JOIN departments d ON d.id = s.department_id WHERE s.id = $1`, [stationId]),
          this.uow.db.query(`SELECT * FROM self_assessments WHERE station_year_id = $1`, [sy.id]),
          this.uow.db.query(
            `SELECT i.*, u.display_name FROM item_scores i LEFT JOIN users u ON u.id::text = i.scored_by WHERE i.station_year_id = $1`, [sy.id]),
          this.uow.db.query(`SELECT innovation FROM station_results WHERE station_year_id = $1`, [sy.id]),
        ]);
        const station = { name: st.name, kind: st.kind, department: st.department, head: st.head_name ?? '' };
        prefix += st.name;
        await onProgress?.(0.3);
        if (kind === 'self_assessment_form') {
          content = await buildSelfAssessmentForm(rubricForExport(policy), {
            subdistrict, year: ref.year, station, scores: sa?.scores ?? {}, justifications: sa?.justifications ?? {},
            submittedAt: sa?.submitted_at ?? undefined, timeZone: tz,
          });
        } else {
          const groupScores: Record<string, number> = Object.fromEntries(items.map((i: any) => [i.item_key, i.tenths]));
          if (res) groupScores[INNOVATION_SCORE_KEY] = res.innovation;
          // the records behind each suggested score (建议分) and every departure from it, beside the scorer's comment
          const form = await this.workflow.scores({ ...ref, stationId });
          const suggestedScores: Record<string, number> = {};
          const comments: Record<string, string> = {};
          for (const it of form.parts.flatMap((p) => p.items)) {
            if (it.suggested) suggestedScores[it.key] = it.suggested.tenths;
            const lines = [
              it.comment,
              it.suggested && it.suggested.records.length ? `平时记录：${it.suggested.records.map((r) => r.text).join('；')}` : null,
              it.departure ? `偏离建议分${it.departure.suggested}分，理由：${it.departure.reason ?? '未说明'}` : null,
            ].filter(Boolean);
            if (lines.length) comments[it.key] = lines.join('\n');
          }
          const scorers = [...new Set(items.map((i: any) => i.display_name ?? i.scored_by))].join('、');
          const scoredAt = items.reduce((m: Date | null, i: any) => (!m || i.scored_at > m ? i.scored_at : m), null);
          content = await buildEvaluationForm(rubricForExport(policy), {
            subdistrict, year: ref.year, station, selfScores: sa?.scores ?? {}, suggestedScores, groupScores, comments, scorer: scorers,
            scoredAt: scoredAt ?? undefined, timeZone: tz,
          });
        }
        await onProgress?.(1);
        break;
      }
      case 'result_table': {
        const t = await this.workflow.results(ref);
        content = await buildResultTable({
          subdistrict, year: ref.year,
          rows: t.rows.map((r: any) => ({
            rank: r.rank, stationName: r.name, kind: r.kind, department: r.department, daily: tenths(r.daily), special: tenths(r.special),
            innovation: tenths(r.innovation), total: r.totalTenths, grade: r.grade, bonusMoney: r.bonusYuan,
            flags: { ...r.flags, departures: r.departures.map((d: any) => d.text), staffMismatch: r.staffMismatch },
          })),
          notAssessed: t.notAssessed.map((s: any) => ({ stationName: s.name, kind: s.kind, department: s.department })),
        }, { onProgress, timeZone: tz });
        break;
      }
      case 'bonus_budget': {
        const t = await this.workflow.results(ref);
        content = await buildBonusBudget({
          subdistrict, year: ref.year,
          stations: t.rows.map((r: any) => ({
            stationName: r.name, kind: r.kind, grade: r.grade, headcount: r.staffMismatch?.headcount,
            persons: (r.persons ?? []).map((p: any) => ({ name: p.name, position: ROLE_POSITIONS[p.role] ?? p.role, grade: p.grade, amount: p.bonusYuan })),
          })),
        }, { onProgress, timeZone: tz });
        break;
      }
      case 'awards': {
        const t = await this.workflow.results(ref);
        const awards = t.awards ?? { stations: [], persons: [] };
        content = await buildAwardsAndPromotion({
          subdistrict, year: ref.year,
          nominations: [
            ...awards.stations.map((s: any) => ({ type: '先进集体', name: s.name, station: s.name, reason: s.reason })),
            ...awards.persons.map((p: any) => ({ type: '先进个人', name: p.name, station: p.stationName, reason: p.reason })),
          ],
          recommendations: (t.recommendations ?? []).flatMap((d: any) => [...d.keyTraining, ...d.appointmentReview].map((e: any) => ({
            department: d.departmentName, person: e.name, station: e.stationName, kind: RECOMMENDATION_KINDS[e.kind] ?? e.kind, reason: e.reason,
          }))),
        }, { onProgress, timeZone: tz });
        break;
      }
      case 'late_board':
        content = await buildLateBoardFile(await this.boards.board(ref), onProgress, tz);
        break;
      case 'not_submitted':
        content = await buildNotSubmittedFile(await this.boards.board(ref, { milestone: 'self_assessment' }), policy, onProgress, tz);
        break;
      default:
        throw new ValidationError('kind', `must be one of ${EXPORT_KINDS.join(', ')}`);
    }
    return { name: `${prefix}${FILE_TITLES[kind]}.xlsx`, mime: XLSX_MIME, content };
  }
}

export function buildLateBoardFile(board: Board, onProgress?: ProgressCallback, timeZone?: string): Promise<Buffer> {
  const t = board.totals;
  return buildLateBoard({
    subdistrict: board.subdistrict, year: board.year, generatedAt: board.generatedAt,
    totals: [
      { label: '应报站所', value: t.stations },
      { label: '月度记录已报齐', value: t.months.upToDate },
      { label: '缺报站所', value: t.months.withMissing },
      { label: '自评已提交', value: t.selfAssessment.submitted },
      { label: '逾期未交', value: t.selfAssessment.overdue },
      { label: '已延期', value: t.selfAssessment.extended },
      { label: '测评已完成', value: t.scoring.complete },
      { label: '抄告已送达', value: `${t.notices.delivered}/${t.notices.total}` },
    ],
    rows: board.rows.map((r) => ({
      stationName: r.name, kind: r.kind, department: r.department, monthsRecorded: r.months.recorded,
      monthsMissing: r.months.missing.map((m) => `${board.year}-${String(m.month).padStart(2, '0')}`),
      maxDaysLate: r.months.maxDaysLate, selfAssessment: r.selfAssessment.label, remindersSent: r.reminders.count,
      lastReminderAt: r.reminders.lastAt, lastNotice: r.lastNotice, scoringProgress: `${r.scoring.itemsScored}/${r.scoring.itemCount}`,
      noticesDelivered: `${r.notices.delivered}/${r.notices.total}`,
    })),
  }, { onProgress, timeZone });
}

export function buildNotSubmittedFile(board: Board, policy: Policy, onProgress?: ProgressCallback, timeZone?: string): Promise<Buffer> {
  return buildNotSubmittedList({
    subdistrict: board.subdistrict, year: board.year, generatedAt: board.generatedAt,
    deadline: `${board.year}-${policy.schedule.selfAssessment.deadline}`,
    rows: board.rows.map((r) => ({
      stationName: r.name, kind: r.kind, department: r.department, head: r.head ?? undefined, status: r.selfAssessment.label,
      remindersSent: r.reminders.count, lastReminderAt: r.reminders.lastAt,
    })),
  }, { onProgress, timeZone });
}

/** '93.5' → 935 */
function tenths(points: string): number {
  return Math.round(Number(points) * 10);
}
