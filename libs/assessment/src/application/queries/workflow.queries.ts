/**
 * Read side of the workflow: each method answers one screen or API resource with a few set-based queries.
 */
import { Injectable } from '@nestjs/common';
import { findDepartures, formatTenths, gradeLabel, STATION_KIND_LABELS, suggestScores, type Departure, type ItemSuggestion, type StationKind } from '@app/policy';
import { monthDueInstant } from '@app/calendar';
import { allowedEvents, assessmentYearMachine, assessmentYearStateLabel, NotFoundError, stationYearMachine, stationYearStateLabel, TransitionRefusedError, STATION_STATES, YEAR_STATES, inStates } from '../../domain';
import { loadStationYear, loadYear, UnitOfWork } from '../../infrastructure';
import { loadMonthRecords } from '../records-input';
import type { StationYearRef, YearRef } from '../refs';

@Injectable()
export class WorkflowQueries {
  constructor(private readonly uow: UnitOfWork) {}

  private get db() {
    return this.uow.db;
  }

  /** The subdistrict's assessment years, newest first (the console picks the year to show from these). */
  async years(subdistrictId: string) {
    const rows = await this.db.query(
      `SELECT year, state, policy_version FROM assessment_years WHERE subdistrict_id = $1 ORDER BY year DESC`, [subdistrictId],
    );
    return rows.map((y: any) => ({
      year: y.year, state: y.state, stateLabel: (assessmentYearStateLabel as Record<string, string>)[y.state], policyVersion: y.policy_version,
    }));
  }

  async year(ref: YearRef) {
    const y = await loadYear(this.db, ref.subdistrictId, ref.year);
    const counts = await this.db.query(
      `SELECT state, count(*)::int AS n FROM station_years WHERE assessment_year_id = $1 GROUP BY state ORDER BY state`, [y.id],
    );
    return {
      id: y.id, year: y.year, policyVersion: y.policyVersion, state: y.state,
      stateLabel: (assessmentYearStateLabel as Record<string, string>)[y.state], allowedEvents: allowedEvents(assessmentYearMachine, y.snapshot),
      publicityUntil: y.publicityUntil, openObjections: (y.snapshot as any).context?.openObjections ?? [],
      stationsByState: Object.fromEntries(counts.map((c: any) => [c.state, c.n])),
    };
  }

  async stationYear(ref: StationYearRef) {
    const r = await loadStationYear(this.db, ref.subdistrictId, ref.stationId, ref.year);
    const ctx = (r.snapshot as any).context ?? {};
    // the header of the printed forms (自评表, 测评表), readable by the station itself
    const [st] = await this.db.query(
      `SELECT s.name, s.kind, s.head_name, d.name AS department, sd.name AS subdistrict FROM stations s
       JOIN departments d ON d.id = s.department_id JOIN subdistricts sd ON sd.id = s.subdistrict_id WHERE s.id = $1`, [r.stationId],
    );
    return {
      id: r.id, stationId: r.stationId, year: r.year, state: r.state,
      station: {
        name: st.name, kind: st.kind, kindLabel: kindLabel(st.kind), department: st.department,
        head: st.head_name ?? '', subdistrict: st.subdistrict,
      },
      stateLabel: (stationYearStateLabel as Record<string, string>)[r.state], allowedEvents: allowedEvents(stationYearMachine, r.snapshot),
      submittedAt: r.submittedAt, late: r.late, extendedUntil: r.extendedUntil, version: r.version,
      returns: ctx.returns ?? 0, lastReturnReason: ctx.lastReturnReason ?? null,
    };
  }

  async months(ref: StationYearRef) {
    const r = await loadStationYear(this.db, ref.subdistrictId, ref.stationId, ref.year);
    const schedule = (await this.uow.policyFor(ref)).schedule;
    const rows = await this.db.query(`SELECT * FROM month_records WHERE station_year_id = $1`, [r.id]);
    const byMonth = new Map(rows.map((m: any) => [m.month, m]));
    const now = this.uow.now();
    return Array.from({ length: 12 }, (_, i) => {
      const month = i + 1;
      const m: any = byMonth.get(month);
      const dueAt = monthDueInstant(ref.year, month, schedule, this.uow.config.timeZone);
      const recordedAt: Date | null = m?.special_recorded_at ?? null;
      return {
        month, dueAt, recorded: Boolean(m?.special), special: m?.special ?? null, daily: m?.daily ?? null,
        waiver: m?.waiver ?? null, // {reason, by, at} when a coordinator waived the month (豁免)
        specialRecordedAt: recordedAt, dailyRecordedAt: m?.daily_recorded_at ?? null, corrections: m?.corrections ?? 0,
        late: recordedAt ? recordedAt > dueAt : now > dueAt,
        daysLate: Math.max(0, Math.floor(((recordedAt ?? now).getTime() - dueAt.getTime()) / 86_400_000)),
      };
    });
  }

  async selfAssessment(ref: StationYearRef) {
    const r = await loadStationYear(this.db, ref.subdistrictId, ref.stationId, ref.year);
    const [sa] = await this.db.query(`SELECT * FROM self_assessments WHERE station_year_id = $1`, [r.id]);
    if (!sa) return { status: 'not_started', scores: {}, justifications: {}, report: null, savedAt: null, submittedAt: null };
    const policy = await this.uow.policyFor(ref);
    return {
      status: sa.status, scores: mapValues(sa.scores, (t: number) => formatTenths(t, policy.scoreDecimals)), justifications: sa.justifications,
      report: sa.report, savedAt: sa.saved_at, submittedAt: sa.submitted_at, late: r.late,
    };
  }

  async report(ref: StationYearRef) {
    const sa = await this.selfAssessment(ref);
    if (!sa.report) throw new NotFoundError('annual work report', ref.stationId);
    const [f] = await this.db.query(`SELECT name, mime, content, sha256 FROM files WHERE id = $1`, [sa.report.fileId]);
    return { name: f.name as string, mime: f.mime as string, content: f.content as Buffer, sha256: f.sha256 as string };
  }

  /** The file a recognition's evidence came with. */
  async evidenceFile(ref: StationYearRef, recognitionId: string) {
    const r = await loadStationYear(this.db, ref.subdistrictId, ref.stationId, ref.year);
    const [rec] = await this.db.query(`SELECT evidence_file FROM recognitions WHERE id = $1 AND station_year_id = $2`, [recognitionId, r.id]);
    if (!rec) throw new NotFoundError('recognition', recognitionId);
    if (!rec.evidence_file) throw new NotFoundError('evidence file', recognitionId);
    const [f] = await this.db.query(`SELECT name, mime, content, sha256 FROM files WHERE id = $1`, [rec.evidence_file.fileId]);
    return { name: f.name as string, mime: f.mime as string, content: f.content as Buffer, sha256: f.sha256 as string };
  }

  async scores(ref: StationYearRef) {
    const r = await loadStationYear(this.db, ref.subdistrictId, ref.stationId, ref.year);
    const policy = await this.uow.policyFor(ref);
    const [items, sa, recs, months] = await Promise.all([
      this.db.query(`SELECT * FROM item_scores WHERE station_year_id = $1`, [r.id]),
      this.db.query(`SELECT scores FROM self_assessments WHERE station_year_id = $1`, [r.id]),
      this.db.query(`SELECT * FROM recognitions WHERE station_year_id = $1 ORDER BY created_at`, [r.id]),
      loadMonthRecords(this.db, [r.id]),
    ]);
    const byKey = new Map(items.map((i: any) => [i.item_key, i]));
    const self = sa[0]?.scores ?? {};
    const suggestions = suggestScores(policy, months.get(r.id)!);
    const departures = new Map(findDepartures(
      suggestions,
      Object.fromEntries(items.map((i: any) => [i.item_key, i.tenths])),
      Object.fromEntries(items.map((i: any) => [i.item_key, { reason: i.departure_reason, suggestedTenths: i.suggested_tenths }])),
    ).map((d) => [d.itemKey, d]));
    const fmt = (t: number) => formatTenths(t, policy.scoreDecimals);
    return {
      state: r.state,
      recordedMonths: (months.get(r.id) ?? []).filter((m) => m.special).map((m) => m.month),
      parts: policy.parts.map((p) => ({
        key: p.key, label: p.label.zh, max: p.max,
        items: p.items.map((it) => {
          const s: any = byKey.get(it.key);
          return {
            key: it.key, label: it.label.zh, max: it.max,
            selfScore: self[it.key] !== undefined ? formatTenths(self[it.key], policy.scoreDecimals) : null,
            score: s ? formatTenths(s.tenths, policy.scoreDecimals) : null, comment: s?.comment ?? null, scoredBy: s?.scored_by ?? null,
            scoredRole: s?.scored_role ?? null, scoredAt: s?.scored_at ?? null,
            suggested: suggestionView(suggestions[it.key], fmt),
            departure: departureView(departures.get(it.key), fmt),
          };
        }),
      })),
      recognitions: recs.map((x: any) => ({
        id: x.id, level: x.level, title: x.title, issuer: x.issuer, recognisedOn: x.recognised_on, evidence: x.evidence,
        evidenceFile: x.evidence_file ? { name: x.evidence_file.name, mime: x.evidence_file.mime, size: x.evidence_file.size } : null,
        status: x.status, decisionReason: x.decision_reason,
      })),
    };
  }

  /** The station's recognitions and their status (a station reads its own claims; the 测评表 is for the offices). */
  async recognitions(ref: StationYearRef) {
    return (await this.scores(ref)).recognitions;
  }

  async results(ref: YearRef) {
    const y = await loadYear(this.db, ref.subdistrictId, ref.year);
    const policy = await this.uow.policyFor(ref);
    const [summary] = await this.db.query(`SELECT * FROM year_results WHERE assessment_year_id = $1`, [y.id]);
    if (!summary) throw new NotFoundError('results (not computed yet)', String(ref.year));
    const notAssessed = await this.db.query(
      `SELECT s.id, s.name, s.kind, d.name AS department FROM stations s JOIN departments d ON d.id = s.department_id
       WHERE s.subdistrict_id = $1 AND s.active AND NOT EXISTS (SELECT 1 FROM station_years sy WHERE sy.station_id = s.id AND sy.assessment_year_id = $2)
       ORDER BY s.name`, [ref.subdistrictId, y.id],
    );
    const rows = await this.db.query(
      `SELECT r.*, s.id AS station_id, s.name, s.kind, d.name AS department, sy.late, sy.state AS station_state,
              (SELECT count(*)::int FROM grade_adjustments g WHERE g.station_year_id = sy.id) AS adjusted
       FROM station_results r JOIN station_years sy ON sy.id = r.station_year_id JOIN stations s ON s.id = sy.station_id
       JOIN departments d ON d.id = s.department_id WHERE r.assessment_year_id = $1 ORDER BY r.position`, [y.id],
    );
    return {
      year: y.year, state: y.state, policyVersion: y.policyVersion, stationCount: summary.station_count,
      excellentQuota: summary.excellent_quota, budgetYuan: summary.budget_yuan, computedAt: summary.computed_at,
      awards: summary.awards, recommendations: summary.recommendations,
      rows: rows.map((r: any) => ({
        stationId: r.station_id, name: r.name, kind: r.kind, kindLabel: kindLabel(r.kind), department: r.department, stationState: r.station_state,
        daily: formatTenths(r.daily, policy.scoreDecimals), special: formatTenths(r.special, policy.scoreDecimals), innovation: formatTenths(r.innovation, policy.scoreDecimals), total: formatTenths(r.total, policy.scoreDecimals),
        totalTenths: r.total, rank: r.rank, position: r.position, grade: r.grade, gradeLabel: gradeLabel(policy, r.grade),
        bonusYuan: r.bonus_yuan, persons: r.persons,
        departures: r.explanation.departures ?? [], staffMismatch: r.explanation.staffMismatch ?? null,
        flags: {
          late: r.late, quotaDemoted: r.quota_demoted, individualGradesChanged: r.adjusted > 0,
          unexplainedDepartures: (r.explanation.departures ?? []).filter((d: any) => !d.reason).length,
          staffMismatch: Boolean(r.explanation.staffMismatch),
        },
      })),
      // stations outside the assessment (not part of the four platforms when the policy says only those are assessed)
      notAssessed: notAssessed.map((s: any) => ({ stationId: s.id, name: s.name, kind: s.kind, kindLabel: kindLabel(s.kind), department: s.department, label: '不参加考核' })),
    };
  }

  /**
   * A station's result and how it came about. `releasedOnly` (a station reading its own): once released, or while
   * the approved table is publicised (公示) — a station must see what it may object to.
   */
  async explanation(ref: StationYearRef, { releasedOnly = false } = {}) {
    const r = await loadStationYear(this.db, ref.subdistrictId, ref.stationId, ref.year);
    if (releasedOnly && !inStates(STATION_STATES.released, r.state) && !(inStates(STATION_STATES.approvedOrLater, r.state)
      && inStates(YEAR_STATES.publicity, (await loadYear(this.db, ref.subdistrictId, ref.year)).state))) {
      throw new TransitionRefusedError(r.state, 'READ_RESULT', [], 'the result has not been released yet');
    }
    const [res] = await this.db.query(`SELECT explanation FROM station_results WHERE station_year_id = $1`, [r.id]);
    if (!res) throw new NotFoundError('result (not computed yet)', ref.stationId);
    return res.explanation;
  }
}

/** The suggested score (建议分) as the API shows it: the score, why, and the records behind each deduction. */
function suggestionView(s: ItemSuggestion | undefined, fmt: (t: number) => string) {
  if (!s) return null;
  return {
    score: fmt(s.tenths), tenths: s.tenths, deduction: fmt(s.deductionTenths), text: s.text,
    records: s.lines.map((l) => ({ measure: l.measure, label: l.label, count: l.count, deduction: fmt(l.deductionTenths), months: l.months, text: l.text })),
  };
}

/** A score that differs from its suggestion; `explained` is false while it has no reason given against the current suggestion. */
function departureView(d: Departure | undefined, fmt: (t: number) => string) {
  if (!d) return null;
  return { suggested: fmt(d.suggestedTenths), score: fmt(d.scoredTenths), reason: d.reason, explained: d.reason !== null, text: d.text };
}

function mapValues<T, U>(o: Record<string, T>, f: (v: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(o ?? {}).map(([k, v]) => [k, f(v)]));
}

/** A station kind as people name it (独立派驻, 按区域设置派驻). */
function kindLabel(kind: string): string {
  return STATION_KIND_LABELS[kind as StationKind] ?? kind;
}
