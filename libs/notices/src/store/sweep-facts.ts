/** What the sweep reads about the years (which are open, whose deadline is due): typed rows, state sets as parameters. */
import type { Queryable } from '@app/persistence';
import { STATION_STATES, YEAR_STATES } from '@app/assessment/domain';

export interface OpenYear {
  id: string;
  subdistrictId: string;
  year: number;
  policyVersion: string;
  state: string;
  publicityUntil: Date | null;
  publicityEnded: boolean;
}

/** Every year not yet released or closed, by year and subdistrict. */
export async function openYears(db: Queryable): Promise<OpenYear[]> {
  const rows = await db.query(
    `SELECT id, subdistrict_id, year, policy_version, state, publicity_until, (snapshot->'context'->>'publicityEnded')::boolean AS publicity_ended
       FROM assessment_years WHERE NOT (state = ANY($1::text[])) ORDER BY year, subdistrict_id`,
    [[...YEAR_STATES.finished]],
  );
  return rows.map((r: any) => ({
    id: r.id, subdistrictId: r.subdistrict_id, year: r.year, policyVersion: r.policy_version, state: r.state,
    publicityUntil: r.publicity_until, publicityEnded: !!r.publicity_ended,
  }));
}

/** Whether a station of the year still awaits DEADLINE_PASSED: not submitted, or its extension lapsed before `now`. */
export async function deadlineDue(db: Queryable, assessmentYearId: string, now: Date): Promise<boolean> {
  const [{ due }] = await db.query(
    `SELECT EXISTS (SELECT 1 FROM station_years WHERE assessment_year_id = $1
             AND (state = ANY($3::text[]) OR (state = ANY($4::text[]) AND extended_until < $2))) AS due`,
    [assessmentYearId, now, [...STATION_STATES.selfAssessmentOpen], [...STATION_STATES.extended]],
  );
  return due;
}
