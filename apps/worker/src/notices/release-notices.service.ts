/**
 * 抄告 notices on release: for each station of the year, one notice to its dispatching department, one to each
 * organisation/HR department of the subdistrict and one to the station itself, all three with the same number
 * (城东考〔2026〕N号: per subdistrict and year, counted in notice_numbers, in the order of the result table).
 * One transaction: numbers, notices and deliveries; the dedupe keys make a repeated ResultsReleased a no-op, and
 * a station numbered before keeps its number.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { localDate } from '@app/calendar';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import { CLOCK } from '@app/platform';
import type { Clock } from '@app/platform';
import { formatTenths } from '@app/policy';
import { PolicyCatalog } from '@app/assessment';
import { composeNotice, formatNoticeNumber, insertNoticeDeliveries, NewDelivery, ResultNotice, ResultRecipientRole } from '@app/notices';
import { DeliveryQueue } from '@app/notices';

@Injectable()
export class ReleaseNoticesService {
  constructor(
    private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policies: PolicyCatalog,
    private readonly queue: DeliveryQueue,
  ) {}

  async issue(assessmentYearId: string): Promise<{ notices: number; deliveries: number }> {
    const now = this.clock.now();
    // the default isolation (READ COMMITTED) without a SET TRANSACTION round trip
    const created = await this.db.transaction(async (tx): Promise<NewDelivery[]> => {
      const [year] = await tx.query(
        `SELECT ay.id, ay.subdistrict_id, ay.year, ay.policy_version, sd.name, sd.abbr, yr.station_count
           FROM assessment_years ay JOIN subdistricts sd ON sd.id = ay.subdistrict_id
           LEFT JOIN year_results yr ON yr.assessment_year_id = ay.id
          WHERE ay.id = $1`,
        [assessmentYearId],
      );
      if (!year) return [];
      const policy = this.policies.get(year.policy_version);
      const decimals = policy.scoreDecimals;
      const stations = await tx.query(
        `SELECT sy.station_id, st.name, st.kind, st.headcount, d.id AS department_id, d.name AS department_name,
                r.daily, r.special, r.innovation, r.total, r.rank, r.position, r.grade, r.quota_demoted, r.bonus_yuan, r.persons
           FROM station_results r JOIN station_years sy ON sy.id = r.station_year_id
           JOIN stations st ON st.id = sy.station_id JOIN departments d ON d.id = st.department_id
          WHERE r.assessment_year_id = $1 ORDER BY r.position`,
        [assessmentYearId],
      );
      const hr: { id: string; name: string }[] = await tx.query(
        `SELECT id, name FROM departments WHERE subdistrict_id = $1 AND kind = 'hr' ORDER BY name`, [year.subdistrict_id]);

      // numbers: one per station, kept if issued before, else the next of the subdistrict's year
      await tx.query(`INSERT INTO notice_numbers (subdistrict_id, year) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [year.subdistrict_id, year.year]);
      const [{ last_number }] = await tx.query(
        `SELECT last_number FROM notice_numbers WHERE subdistrict_id = $1 AND year = $2 FOR UPDATE`, [year.subdistrict_id, year.year]);
      const existing = new Map<string, string>(
        (await tx.query(`SELECT DISTINCT station_id, number FROM notices WHERE subdistrict_id = $1 AND year = $2 AND kind = 'result_notice'`,
          [year.subdistrict_id, year.year])).map((r: any) => [r.station_id, r.number]),
      );
      let last: number = last_number;
      const issueDate = localDate(now, this.config.timeZone);
      const rows: Record<string, unknown>[] = [];
      for (const s of stations) {
        let number = existing.get(s.station_id);
        if (!number) number = formatNoticeNumber(policy.notices.numberFormat, { abbr: year.abbr, year: year.year, n: ++last });
        const persons: any[] = s.persons ?? [];
        const paid = persons.filter((p) => p.bonusYuan > 0);
        const base: Omit<ResultNotice, 'recipient' | 'recipientRole'> = {
          kind: 'result_notice', year: year.year, noticeNumber: number, issueDate,
          subdistrict: { name: year.name, abbr: year.abbr },
          station: { name: s.name, kind: s.kind, dispatchingDepartment: s.department_name },
          scores: {
            daily: formatTenths(s.daily, decimals), special: formatTenths(s.special, decimals),
            innovation: formatTenths(s.innovation, decimals), total: formatTenths(s.total, decimals),
          },
          rank: { position: s.rank, of: year.station_count ?? stations.length },
          grade: s.grade, quotaDemoted: s.quota_demoted,
          bonus: s.kind === 'regional'
            ? { totalYuan: s.bonus_yuan, headcount: paid.length || undefined, perPersonYuan: paid[0]?.bonusYuan }
            : { totalYuan: s.bonus_yuan },
          staff: s.kind === 'independent'
            ? persons.map((p) => ({ name: p.name, position: p.role === 'head' ? 'head' : 'staff', grade: p.grade, bonusYuan: p.bonusYuan }))
            : undefined,
        };
        const recipients: [ResultRecipientRole, 'department' | 'station', string, string][] = [
          ['dispatching_department', 'department', s.department_id, s.department_name],
          ...hr.map((h): [ResultRecipientRole, 'department', string, string] => ['organisation_department', 'department', h.id, h.name]),
          ['station', 'station', s.station_id, s.name],
        ];
        for (const [role, type, id, name] of recipients) {
          const payload: ResultNotice = { ...base, recipientRole: role, recipient: { name } } as ResultNotice;
          rows.push({
            subdistrict_id: year.subdistrict_id, year: year.year, station_id: s.station_id, kind: 'result_notice',
            recipient_type: type, recipient_id: id, occasion: 'release', number, title: composeNotice(payload).title, payload,
          });
        }
      }
      await tx.query(`UPDATE notice_numbers SET last_number = $3 WHERE subdistrict_id = $1 AND year = $2`, [year.subdistrict_id, year.year, last]);
      return insertNoticeDeliveries(tx,
        `SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(subdistrict_id uuid, year int, station_id uuid, kind text, recipient_type text,
                recipient_id uuid, occasion text, number text, title text, payload jsonb)`,
        [JSON.stringify(rows)], now);
    });
    await this.queue.enqueue(created);
    // one notice may have several deliveries (one per channel of its recipient)
    return { notices: new Set(created.map((d) => d.noticeId)).size, deliveries: created.length };
  }
}
