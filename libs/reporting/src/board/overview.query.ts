/**
 * The whole-set progress overview (全域进度总览) of a calendar year, for a deployment-wide admin: grand totals over
 * every subdistrict of the year and one page of subdistricts, each with the figures the late board's totals show
 * for it (stations; self-assessments submitted, late, not submitted, overdue; months missing; scoring; result
 * notices). Read from the per-subdistrict counters `board_overview` (libs/persistence/src/board-overview.ts) and
 * derived at `now` by overview-figures.ts: a page is an index range of `limit` rows (keyset on the sort's index),
 * the totals one aggregate of the year's subdistrict rows — no station row is read. That aggregate grows with the
 * subdistricts: from OVERVIEW_TOTALS_CACHE_FROM of them on, its sums are kept and re-summed at most once per
 * OVERVIEW_TOTALS_MAX_AGE (overview-totals-cache.ts), and the totals say when they were counted (`countedAt`).
 */
import { Injectable, Logger } from '@nestjs/common';
import { UnitOfWork, ValidationError } from '@app/assessment';
import { assessmentYearStateLabel } from '@app/assessment/domain';
import { OVERVIEW_ITEM_BUCKETS } from '@app/persistence';
import { UUID_PATTERN } from '@app/platform';
import { boardContext, BoardContext } from './board.query';
import { addOverviewFigures, EMPTY_OVERVIEW_FIGURES, OverviewCounters, overviewFigures, OverviewFigures } from './overview-figures';
import { OverviewTotalsCache } from './overview-totals-cache';

export const OVERVIEW_SORTS = ['name', 'behind'] as const;
export type OverviewSort = (typeof OVERVIEW_SORTS)[number];
export const OVERVIEW_PAGE = { default: 50, max: 200 } as const;

export interface OverviewPageQuery {
  sort?: OverviewSort;
  limit?: number;
  cursor?: string;
}

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
const ITEMS = Array.from({ length: OVERVIEW_ITEM_BUCKETS }, (_, k) => k);
const COUNTERS = [
  'stations', 'sa_submitted', 'sa_submitted_late', 'sa_overdue', 'sa_pending_draft', 'sa_pending', 'notices_total', 'notices_delivered', 'notices_failed',
  ...MONTHS.flatMap((m) => [`mc_${m}`, `mt_${m}`]), ...ITEMS.map((k) => `it_${k}`),
].map((c) => `o.${c}`).join(', ');

/** The page's rows: name order, or most behind (most stations not yet submitted) first, then name; after a cursor. */
function pageSql(sort: OverviewSort, after: boolean): string {
  const key = sort === 'name' ? ['o.name', 'o.subdistrict_id'] : ['o.behind', 'o.name', 'o.subdistrict_id'];
  const params = sort === 'name' ? ['$3::text', '$4::uuid'] : ['$5::int', '$3::text', '$4::uuid'];
  const unused = sort === 'name' ? ' AND $5::int IS NULL' : ''; // every text takes the same five parameters
  return `
    SELECT o.subdistrict_id, o.name, o.policy_version, y.state AS year_state, o.behind, ${COUNTERS}, o.extended_until
    FROM board_overview o JOIN assessment_years y ON y.subdistrict_id = o.subdistrict_id AND y.year = o.year
    WHERE o.year = $1::int ${after ? `AND (${key.join(', ')}) > (${params.join(', ')})${unused}` : `AND $3::text IS NULL AND $4::uuid IS NULL AND $5::int IS NULL`}
    ORDER BY ${key.join(', ')}
    LIMIT $2::int`;
}

/**
 * The year's totals per policy version (the due months and the item count are the policy's): the subdistrict rows
 * added up, with the extension ends of every extended station.
 */
function totalsSql(): string {
  return `
    SELECT o.policy_version, count(*)::int AS subdistricts,
           ${COUNTERS.split(', ').map((c) => `sum(${c})::int AS ${c.slice(2)}`).join(', ')},
           (SELECT coalesce(array_agg(x), '{}') FROM board_overview e CROSS JOIN LATERAL unnest(e.extended_until) x
             WHERE e.year = $1::int AND e.policy_version = o.policy_version AND e.extended_until <> '{}') AS extended_until
    FROM board_overview o
    WHERE o.year = $1::int
    GROUP BY o.policy_version`;
}

function counters(r: any): OverviewCounters {
  return {
    stations: r.stations, saSubmitted: r.sa_submitted, saSubmittedLate: r.sa_submitted_late, saOverdue: r.sa_overdue,
    saPendingDraft: r.sa_pending_draft, saPending: r.sa_pending, extendedUntil: r.extended_until,
    monthsCovered: MONTHS.map((m) => r[`mc_${m}`]), monthsThrough: MONTHS.map((m) => r[`mt_${m}`]), itemsHist: ITEMS.map((k) => r[`it_${k}`]),
    noticesTotal: r.notices_total, noticesDelivered: r.notices_delivered, noticesFailed: r.notices_failed,
  };
}

/** The summed counters of the year's subdistricts of one policy version. */
export interface OverviewCounterGroup {
  policyVersion: string;
  subdistricts: number;
  counters: OverviewCounters;
}

export type OverviewTotals = { subdistricts: number; countedAt: Date } & OverviewFigures;

@Injectable()
export class OverviewQueries {
  private readonly totalsText = totalsSql();
  private readonly logger = new Logger('overview');
  /** The grand totals' sums per year, kept once a year has many subdistricts (public: tests wait for its re-sums). */
  readonly totalsCache: OverviewTotalsCache<OverviewCounterGroup>;

  constructor(private readonly uow: UnitOfWork) {
    this.totalsCache = new OverviewTotalsCache(
      { cacheFrom: uow.config.overviewTotalsCacheFrom, maxAgeMs: uow.config.overviewTotalsMaxAgeSeconds * 1000 },
      (year) => this.sumTotals(year),
      (year, e) => this.logger.error(`re-summing the ${year} overview totals failed (the previous sums are served): ${(e as Error)?.message ?? e}`),
    );
  }

  /** The grand totals and one page, read in parallel. */
  async overview(year: number, q: OverviewPageQuery = {}) {
    const now = this.uow.now();
    const contexts = this.contexts(year, now);
    const [page, totals] = await Promise.all([this.page(year, q, contexts), this.totals(year, now, contexts)]);
    return { year, generatedAt: now, sort: page.sort, limit: page.limit, totals, rows: page.rows, nextCursor: page.nextCursor };
  }

  /** One page of subdistricts: `limit` rows of an index range after the cursor. */
  async page(year: number, q: OverviewPageQuery, contexts = this.contexts(year, this.uow.now())) {
    const sort = q.sort ?? 'name';
    if (!OVERVIEW_SORTS.includes(sort)) throw new ValidationError('sort', `must be one of ${OVERVIEW_SORTS.join(', ')}`);
    const limit = q.limit ?? OVERVIEW_PAGE.default;
    if (!Number.isInteger(limit) || limit < 1 || limit > OVERVIEW_PAGE.max) throw new ValidationError('limit', `must be a whole number from 1 to ${OVERVIEW_PAGE.max}`);
    const after = q.cursor === undefined ? null : decodeCursor(q.cursor, sort);
    const found: any[] = await this.uow.sql.query(pageSql(sort, after !== null), [year, limit + 1, after?.name ?? null, after?.id ?? null, after?.behind ?? null]);
    const rows = found.slice(0, limit).map((r) => ({
      subdistrictId: r.subdistrict_id as string, subdistrict: r.name as string, policyVersion: r.policy_version as string,
      yearState: r.year_state as string, yearStateLabel: (assessmentYearStateLabel as Record<string, string>)[r.year_state] ?? (r.year_state as string),
      ...overviewFigures(counters(r), contexts(r.policy_version)),
    }));
    return { sort, limit, rows, nextCursor: found.length > limit ? encodeCursor(sort, found[limit - 1]) : null };
  }

  /**
   * The grand totals over every subdistrict of the year, derived at `now` from the counters summed at `countedAt`:
   * `now` itself below the cache's threshold, up to OVERVIEW_TOTALS_MAX_AGE (and one re-sum) earlier above it.
   */
  async totals(year: number, now = this.uow.now(), contexts = this.contexts(year, now)): Promise<OverviewTotals> {
    const counted = await this.totalsCache.totals(year, now);
    let totals = EMPTY_OVERVIEW_FIGURES;
    for (const g of counted.groups) totals = addOverviewFigures(totals, overviewFigures(g.counters, contexts(g.policyVersion)));
    return { subdistricts: counted.subdistricts, countedAt: counted.countedAt, ...totals };
  }

  /** The year's counters summed now: one aggregate of its subdistrict rows per policy version. */
  async sumTotals(year: number): Promise<{ groups: OverviewCounterGroup[]; subdistricts: number }> {
    const found: any[] = await this.uow.sql.query(this.totalsText, [year]);
    const groups = found.map((g) => ({ policyVersion: g.policy_version as string, subdistricts: g.subdistricts as number, counters: counters(g) }));
    return { groups, subdistricts: groups.reduce((n, g) => n + g.subdistricts, 0) };
  }

  /** The board context of each policy version of the year at `now`, made once. */
  private contexts(year: number, now: Date): (version: string) => BoardContext {
    const made = new Map<string, BoardContext>();
    return (version) => {
      let c = made.get(version);
      if (!c) {
        c = boardContext(year, this.uow.policies.get(version), this.uow.config.timeZone, now);
        // the read model keeps items-scored buckets 0 … 15: a rubric of more items could not be told complete
        if (c.itemCount > OVERVIEW_ITEM_BUCKETS) throw new Error(`the overview counts up to ${OVERVIEW_ITEM_BUCKETS} items scored; policy ${version} has ${c.itemCount}`);
        made.set(version, c);
      }
      return c;
    };
  }
}


interface Cursor { name: string; id: string; behind: number | null }

/** An opaque cursor: the sort and the last row's key, base64url JSON. */
function encodeCursor(sort: OverviewSort, r: any): string {
  const key = sort === 'name' ? [r.name, r.subdistrict_id] : [r.behind, r.name, r.subdistrict_id];
  return Buffer.from(JSON.stringify([sort, ...key])).toString('base64url');
}

function decodeCursor(text: string, sort: OverviewSort): Cursor {
  const bad = () => new ValidationError('cursor', 'must be the nextCursor of a page in the same sort');
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(v) || v[0] !== sort) throw bad();
  const [behind, name, id] = sort === 'name' ? [null, v[1], v[2]] : [v[1], v[2], v[3]];
  if (v.length !== (sort === 'name' ? 3 : 4) || typeof name !== 'string' || typeof id !== 'string' || !UUID_PATTERN.test(id)) throw bad();
  if (behind !== null && !Number.isInteger(behind)) throw bad();
  return { name, id, behind };
}
