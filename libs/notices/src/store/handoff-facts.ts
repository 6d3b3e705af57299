/**
 * What the hand-off rules read: a recorded event with the names its notice needs, and the submissions since a
 * year's last digest. Derived from the event store, the read models and the notices themselves (the last digest
 * sent), never from memory, so a restarted worker or a second one tells each person once.
 */
import type { Queryable } from '@app/persistence';
import { NOTICE_KINDS } from '../delivery/notice-kinds';
import { DIGEST_OCCASION_PREFIX } from '../rules/handoff-rules';
import type { HandOffAudience, HandOffEvent, Submission } from '../rules/handoff-rules';
import { usersWithRole } from './notice-store';

/** A hand-off event by id, with its year, its station's name and the recognition's title (null: no such event). */
export async function readHandOffEvent(db: Queryable, eventId: string): Promise<(HandOffEvent & { assessmentYearId: string; policyVersion: string }) | null> {
  const [r] = await db.query(
    `SELECT e.id, e.type, e.subdistrict_id, e.occurred_at, e.actor_id, e.reason, e.payload,
            y.id AS assessment_year_id, y.year, y.policy_version, st.id AS station_id, st.name AS station_name, rc.title AS recognition_title
       FROM events e
       LEFT JOIN station_years sy ON sy.id = CASE WHEN e.stream_type = 'station_year' THEN e.stream_id::uuid END
       JOIN assessment_years y ON y.id = coalesce(sy.assessment_year_id, CASE WHEN e.stream_type = 'assessment_year' THEN e.stream_id::uuid END)
       LEFT JOIN stations st ON st.id = coalesce(sy.station_id, (e.payload->>'returnedStationId')::uuid, (e.payload->>'stationId')::uuid)
       LEFT JOIN recognitions rc ON rc.id = (e.payload->>'recognitionId')::uuid
      WHERE e.id = $1`,
    [eventId],
  );
  if (!r) return null;
  return {
    id: String(r.id), type: r.type, subdistrictId: r.subdistrict_id, year: r.year, occurredAt: r.occurred_at, actorId: r.actor_id, reason: r.reason,
    station: r.station_id ? { id: r.station_id, name: r.station_name } : null, recognitionTitle: r.recognition_title,
    until: r.payload?.until ?? null, publicityUntil: r.payload?.publicityUntil ?? null, objectionText: r.payload?.text ?? null,
    assessmentYearId: r.assessment_year_id, policyVersion: r.policy_version,
  };
}

/**
 * Per year of `assessmentYearIds`: the self-assessments submitted after its last digest (sent for a day at `time`
 * in `timeZone`) and at or before `until`. Years where nobody submitted are absent. One statement for every year.
 */
export async function submissionsSinceLastDigest(db: Queryable, assessmentYearIds: string[], until: Date, time: string, timeZone: string):
  Promise<{ assessmentYearId: string; subdistrictId: string; year: number; submissions: Submission[] }[]> {
  if (!assessmentYearIds.length) return [];
  const rows: any[] = await db.query(
    `WITH years AS MATERIALIZED (
       -- the last digest of each year: one index probe (notices_year_idx) per year, not one per station
       SELECT ay.id, ay.subdistrict_id, ay.year,
              (SELECT max(n.occasion) FROM notices n
                WHERE n.subdistrict_id = ay.subdistrict_id AND n.year = ay.year AND n.kind = $6 AND n.occasion LIKE $5 || '%') AS last
         FROM unnest($1::uuid[]) AS ids(id) JOIN assessment_years ay ON ay.id = ids.id)
     SELECT y.id AS assessment_year_id, y.subdistrict_id, y.year, st.name, sy.submitted_at, sy.late
       FROM years y
       JOIN station_years sy ON sy.assessment_year_id = y.id
       JOIN stations st ON st.id = sy.station_id
      WHERE sy.submitted_at <= $2
        AND (y.last IS NULL OR sy.submitted_at > ((substr(y.last, length($5) + 1) || ' ' || $3)::timestamp AT TIME ZONE $4))
      ORDER BY y.id, sy.submitted_at`,
    [assessmentYearIds, until, time, timeZone, DIGEST_OCCASION_PREFIX, NOTICE_KINDS.handoff],
  );
  const byYear = new Map<string, { assessmentYearId: string; subdistrictId: string; year: number; submissions: Submission[] }>();
  for (const r of rows) {
    let y = byYear.get(r.assessment_year_id);
    if (!y) byYear.set(r.assessment_year_id, (y = { assessmentYearId: r.assessment_year_id, subdistrictId: r.subdistrict_id, year: r.year, submissions: [] }));
    y.submissions.push({ stationName: r.name, submittedAt: r.submitted_at, late: r.late });
  }
  return [...byYear.values()];
}

/** The subdistrict's name and the people hand-offs may address there: its active coordinators and leaders. */
export async function handOffAudience(db: Queryable, subdistrictId: string): Promise<HandOffAudience> {
  const [sd] = await db.query(`SELECT name, abbr FROM subdistricts WHERE id = $1`, [subdistrictId]);
  return {
    subdistrict: { name: sd?.name ?? '', abbr: sd?.abbr ?? '' },
    coordinators: await usersWithRole(db, 'coordinator', subdistrictId),
    leaders: await usersWithRole(db, 'leader', subdistrictId),
  };
}

/** Marks a hand-off event told (its notices issued, or nobody to tell): the recovery leaves it alone from then on. */
export async function markHandOffTold(db: Queryable, eventId: string, at: Date): Promise<void> {
  await db.query(`INSERT INTO handoffs_told (event_id, told_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [eventId, at]);
}

/**
 * Hand-off events whose outbox message was relayed more than `stallMs` ago (and written less than `horizonMs` ago)
 * but never handled: their job was lost (Redis flushed, the job exhausted). Oldest first. The database's own clock,
 * as the outbox's timestamps are its.
 */
export async function untoldHandOffs(db: Queryable, message: string, stallMs: number, horizonMs: number, limit = 500): Promise<string[]> {
  const rows: { event_id: string }[] = await db.query(
    `SELECT o.payload->>'eventId' AS event_id FROM outbox o
      WHERE o.name = $1 AND o.created_at >= now() - make_interval(secs => $3 / 1000.0) AND o.relayed_at < now() - make_interval(secs => $2 / 1000.0)
        AND NOT EXISTS (SELECT 1 FROM handoffs_told h WHERE h.event_id = (o.payload->>'eventId')::bigint)
      ORDER BY o.created_at LIMIT $4`,
    [message, stallMs, horizonMs, limit],
  );
  return rows.map((r) => r.event_id);
}
