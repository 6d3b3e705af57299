/**
 * 抄告 on release: for each station of the year, one notice to its dispatching department, one to each
 * organisation/HR department of the subdistrict and one to the station itself, all three with the same number
 * (城东考〔2026〕N号: per subdistrict and year, in the order of the result table). A station numbered before keeps
 * its number; new numbers continue from the last one issued. Pure: facts in, drafts and the new last number out.
 */
import { consoleLink } from '@app/platform';
import { formatTenths } from '@app/policy';
import { NOTICE_KINDS } from '../delivery/notice-kinds';
import { composeNotice } from '../render/compose-notice';
import { formatNoticeNumber } from '../render/notice-number';
import type { GradeKey, ResultNotice, ResultRecipientRole, StationKindKey } from '../render/notice.types';
import type { NoticeDraft, RecipientType } from '../store/notice-drafts';
import { noticeLink } from './notice-link';
import { occasionLabel } from './occasion-label';

export interface ReleasedPerson {
  name: string;
  role: string;
  grade: GradeKey;
  bonusYuan: number;
}

export interface ReleasedStation {
  stationId: string;
  name: string;
  kind: StationKindKey;
  department: { id: string; name: string };
  tenths: { daily: number; special: number; innovation: number; total: number };
  rank: number;
  grade: GradeKey;
  quotaDemoted: boolean;
  bonusYuan: number;
  persons: ReleasedPerson[];
}

export interface ReleaseFacts {
  subdistrictId: string;
  subdistrict: { name: string; abbr: string };
  year: number;
  /** Stations ranked (the result table's count; defaults to the stations listed). */
  stationCount: number | null;
  /** In the order of the result table. */
  stations: ReleasedStation[];
  hrDepartments: { id: string; name: string }[];
  /** Numbers issued before, by station. */
  existingNumbers: Map<string, string>;
  lastNumber: number;
}

export interface ReleasePolicy {
  scoreDecimals: number;
  numberFormat: string;
}

export const RELEASE_OCCASION = 'release';

/**
 * The station's own copy is its released-result hand-off: with CONSOLE_BASE_URL it links to the station's result page.
 */
export function releaseNoticeDrafts(f: ReleaseFacts, policy: ReleasePolicy, issueDate: string, consoleBaseUrl?: string): { drafts: NoticeDraft[]; lastNumber: number } {
  let last = f.lastNumber;
  const drafts: NoticeDraft[] = [];
  const score = (t: number) => formatTenths(t, policy.scoreDecimals);
  const kind = NOTICE_KINDS.resultNotice;
  for (const s of f.stations) {
    const number = f.existingNumbers.get(s.stationId) ?? formatNoticeNumber(policy.numberFormat, { abbr: f.subdistrict.abbr, year: f.year, n: ++last });
    const paid = s.persons.filter((p) => p.bonusYuan > 0);
    const base: Omit<ResultNotice, 'recipient' | 'recipientRole'> = {
      kind, year: f.year, noticeNumber: number, issueDate, subdistrict: f.subdistrict,
      station: { name: s.name, kind: s.kind, dispatchingDepartment: s.department.name },
      scores: { daily: score(s.tenths.daily), special: score(s.tenths.special), innovation: score(s.tenths.innovation), total: score(s.tenths.total) },
      rank: { position: s.rank, of: f.stationCount ?? f.stations.length },
      grade: s.grade, quotaDemoted: s.quotaDemoted,
      bonus: s.kind === 'regional'
        ? { totalYuan: s.bonusYuan, headcount: paid.length || undefined, perPersonYuan: paid[0]?.bonusYuan }
        : { totalYuan: s.bonusYuan },
      staff: s.kind === 'independent'
        ? s.persons.map((p) => ({ name: p.name, position: p.role === 'head' ? 'head' : 'staff', grade: p.grade, bonusYuan: p.bonusYuan }))
        : undefined,
    };
    const recipients: [ResultRecipientRole, RecipientType, string, string][] = [
      ['dispatching_department', 'department', s.department.id, s.department.name],
      ...f.hrDepartments.map((h): [ResultRecipientRole, RecipientType, string, string] => ['organisation_department', 'department', h.id, h.name]),
      ['station', 'station', s.stationId, s.name],
    ];
    for (const [role, type, id, name] of recipients) {
      const payload = { ...base, recipientRole: role, recipient: { name }, ...(role === 'station' && consoleBaseUrl ? noticeLink(consoleBaseUrl, consoleLink.station(f.year, s.stationId, 'result')) : {}) } as ResultNotice;
      drafts.push({
        subdistrictId: f.subdistrictId, year: f.year, stationId: s.stationId, kind, recipient: { type, id }, occasion: RELEASE_OCCASION,
        occasionLabel: occasionLabel(kind, issueDate), number, title: composeNotice(payload).title, payload,
      });
    }
  }
  return { drafts, lastNumber: last };
}
