/** 抄告 on release: who receives which notice, with which number — without a database. */
import { releaseNoticeDrafts, ReleaseFacts, ReleasedStation } from './release-rules';

const station = (id: string, name: string, kind: 'regional' | 'independent' = 'regional'): ReleasedStation => ({
  stationId: id, name, kind, department: { id: `dep-${id}`, name: `派出部门${id}` }, tenths: { daily: 400, special: 455, innovation: 20, total: 875 },
  rank: 1, grade: 'good', quotaDemoted: false, bonusYuan: 5040,
  persons: [{ name: '张三', role: 'head', grade: 'good', bonusYuan: 2520 }, { name: '李四', role: 'staff', grade: 'good', bonusYuan: 2520 }],
});
const facts = (over: Partial<ReleaseFacts> = {}): ReleaseFacts => ({
  subdistrictId: 'sd', subdistrict: { name: '城东街道', abbr: '城东' }, year: 2026, stationCount: 2,
  stations: [station('a', '城东派出所', 'independent'), station('b', '城东司法所')],
  hrDepartments: [{ id: 'hr', name: '区委组织部' }], existingNumbers: new Map(), lastNumber: 0, ...over,
});
const POLICY = { scoreDecimals: 1, numberFormat: '{abbr}考〔{year}〕{n}号' };

describe('release notices (抄告)', () => {
  it('three notices per station — dispatching department, organisation/HR, the station — sharing one number, in table order', () => {
    const { drafts, lastNumber } = releaseNoticeDrafts(facts(), POLICY, '2027-01-20');
    expect(drafts.map((d) => [d.recipient.type, d.recipient.id, d.number, (d.payload as any).recipientRole])).toEqual([
      ['department', 'dep-a', '城东考〔2026〕1号', 'dispatching_department'],
      ['department', 'hr', '城东考〔2026〕1号', 'organisation_department'],
      ['station', 'a', '城东考〔2026〕1号', 'station'],
      ['department', 'dep-b', '城东考〔2026〕2号', 'dispatching_department'],
      ['department', 'hr', '城东考〔2026〕2号', 'organisation_department'],
      ['station', 'b', '城东考〔2026〕2号', 'station'],
    ]);
    expect(lastNumber).toBe(2);
    expect(new Set(drafts.map((d) => d.occasion))).toEqual(new Set(['release']));
    expect(new Set(drafts.map((d) => d.occasionLabel))).toEqual(new Set(['1月20日考核结果抄告']));
    expect(drafts[0].title).toBe('关于2026年度派驻机构考核结果的抄告单');
  });
  it('a station numbered before keeps its number; new ones continue after the last issued', () => {
    const { drafts, lastNumber } = releaseNoticeDrafts(facts({ existingNumbers: new Map([['a', '城东考〔2026〕4号']]), lastNumber: 5 }), POLICY, '2027-01-20');
    expect([...new Set(drafts.map((d) => d.number))]).toEqual(['城东考〔2026〕4号', '城东考〔2026〕6号']);
    expect(lastNumber).toBe(6);
  });
  it('scores are formatted as approved; independent stations list each person, regional ones the per-person bonus', () => {
    const { drafts } = releaseNoticeDrafts(facts(), POLICY, '2027-01-20');
    const a = drafts.find((d) => d.recipient.id === 'a')!.payload as any;
    const b = drafts.find((d) => d.recipient.id === 'b')!.payload as any;
    expect(a.scores).toEqual({ daily: '40.0', special: '45.5', innovation: '2.0', total: '87.5' });
    expect(a.staff).toEqual([{ name: '张三', position: 'head', grade: 'good', bonusYuan: 2520 }, { name: '李四', position: 'staff', grade: 'good', bonusYuan: 2520 }]);
    expect(b.bonus).toEqual({ totalYuan: 5040, headcount: 2, perPersonYuan: 2520 });
    expect(b.rank).toEqual({ position: 1, of: 2 });
  });
  it('every organisation/HR department of the subdistrict gets its copy', () => {
    const { drafts } = releaseNoticeDrafts(facts({ hrDepartments: [{ id: 'hr1', name: '区委组织部' }, { id: 'hr2', name: '区人力社保局' }] }), POLICY, '2027-01-20');
    expect(drafts.filter((d) => (d.payload as any).recipientRole === 'organisation_department').map((d) => d.recipient.id)).toEqual(['hr1', 'hr2', 'hr1', 'hr2']);
  });
});
