import { calendarWarningDrafts, calendarWarningDue, deliveryFailedDrafts } from './system-rules';

const coord = (id: string, subdistrictId: string) => ({ id, subdistrictId, displayName: `协调组${id}`, subdistrict: { name: '城东街道', abbr: '城东' } });

describe('delivery failed', () => {
  const failed = { id: 'd1', subdistrictId: 'sd', year: 2026, title: '关于提交2026年度自评表的提醒', number: null, channel: 'dingtalk' as const,
    recipientName: '城东司法所', address: undefined, attempts: 3, lastError: 'HTTP 500' };
  it('tells each coordinator of that subdistrict (not others), once per failed attempt count', () => {
    const drafts = deliveryFailedDrafts(failed, [coord('c1', 'sd'), coord('c2', 'sd'), coord('x', 'other')], new Date('2026-12-15T02:00:00Z'), '2026-12-15', 'Asia/Shanghai');
    expect(drafts.map((d) => [d.recipient.id, d.occasion, d.occasionLabel, d.kind])).toEqual([
      ['c1', 'd1#3', '12月15日发送失败提醒', 'delivery_failed'], ['c2', 'd1#3', '12月15日发送失败提醒', 'delivery_failed'],
    ]);
    expect((drafts[0].payload as any).failed).toMatchObject({ channel: 'dingtalk', attempts: 3, recipientName: '城东司法所' });
  });
});

describe('calendar warning', () => {
  const status = (y: number) => (y === 2027 ? 'provisional' as const : 'official' as const);
  it('from October on, when the coming year is not official: one per coordinator, keyed by the year', () => {
    expect(calendarWarningDue('2026-09-30', 10, status)).toBe(false);
    expect(calendarWarningDue('2026-10-01', 10, status)).toBe(true);
    const drafts = calendarWarningDrafts('2026-10-08', 10, status, [coord('c1', 'a'), coord('c2', 'b')]);
    expect(drafts.map((d) => [d.subdistrictId, d.recipient.id, d.year, d.occasion, d.occasionLabel, d.title])).toEqual([
      ['a', 'c1', 2027, 'calendar-2027', '10月8日节假日安排提醒', '2027年节假日安排尚未正式确认'],
      ['b', 'c2', 2027, 'calendar-2027', '10月8日节假日安排提醒', '2027年节假日安排尚未正式确认'],
    ]);
  });
  it('nothing when the coming year is official', () => {
    expect(calendarWarningDrafts('2026-11-01', 10, () => 'official', [coord('c1', 'a')])).toEqual([]);
  });
});
