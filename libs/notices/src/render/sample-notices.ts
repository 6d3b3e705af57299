import type {
  DeliveryFailedNotice,
  LateListNotice,
  OverdueNotice,
  ReminderNotice,
  ResultNotice,
  SubdistrictRef,
} from './notice.types';

/** Realistic notices for tests, demos and previews. */
export const CHENGDONG: SubdistrictRef = { name: '城东街道', abbr: '城东' };

export function sampleRegionalResult(overrides: Partial<ResultNotice> = {}): ResultNotice {
  return {
    kind: 'result_notice',
    subdistrict: CHENGDONG,
    issueDate: '2027-01-20',
    recipient: { name: '区市场监督管理局' },
    recipientRole: 'dispatching_department',
    year: 2026,
    noticeNumber: '城东考〔2026〕3号',
    station: { name: '城东市场监督管理所', kind: 'regional', dispatchingDepartment: '区市场监督管理局' },
    scores: { daily: '46.5', special: '43.0', innovation: '3.0', total: '92.5' },
    rank: { position: 2, of: 12 },
    grade: 'excellent',
    quotaDemoted: false,
    bonus: { perPersonYuan: 3600, headcount: 8, totalYuan: 28800 },
    ...overrides,
  };
}

export function sampleIndependentResult(overrides: Partial<ResultNotice> = {}): ResultNotice {
  return {
    ...sampleRegionalResult(),
    noticeNumber: '城东考〔2026〕1号',
    recipient: { name: '区公安分局' },
    station: { name: '城东派出所', kind: 'independent', dispatchingDepartment: '区公安分局' },
    scores: { daily: '47.0', special: '45.5', innovation: '5.0', total: '97.5' },
    rank: { position: 1, of: 12 },
    bonus: { totalYuan: 9720 },
    staff: [
      { name: '王建国', position: 'head', grade: 'excellent', bonusYuan: 3600 },
      { name: '李晓红', position: 'staff', grade: 'excellent', bonusYuan: 3600 },
      { name: '陈志强', position: 'staff', grade: 'good', bonusYuan: 2520 },
      { name: '赵敏', position: 'staff', grade: 'qualified', bonusYuan: 0 },
    ],
    ...overrides,
  };
}

export function sampleReminder(topic: ReminderNotice['topic']): ReminderNotice {
  return {
    kind: 'reminder',
    subdistrict: CHENGDONG,
    issueDate: '2026-12-15',
    recipient: { name: '城东派出所' },
    year: 2026,
    station: { name: '城东派出所' },
    topic,
    link: 'https://kaohe.example.gov.cn/self-assessment/2026',
  };
}

export function sampleOverdue(): OverdueNotice {
  return {
    kind: 'overdue_notice',
    subdistrict: CHENGDONG,
    issueDate: '2027-01-01',
    recipient: { name: '城东司法所' },
    year: 2026,
    station: { name: '城东司法所' },
    deadline: '2026-12-31',
  };
}

export function sampleLateList(): LateListNotice {
  return {
    kind: 'late_list',
    subdistrict: CHENGDONG,
    issueDate: '2027-01-01',
    recipient: { name: '考核协调组' },
    year: 2026,
    subject: { type: 'self_assessment' },
    stations: [
      { name: '城东司法所', dispatchingDepartment: '区司法局', dueDate: '2026-12-31' },
      { name: '城东自然资源所', dispatchingDepartment: '区自然资源和规划分局', dueDate: '2026-12-31', note: '已申请延期' },
    ],
  };
}

export function sampleDeliveryFailed(): DeliveryFailedNotice {
  return {
    kind: 'delivery_failed',
    subdistrict: CHENGDONG,
    issueDate: '2027-01-21',
    recipient: { name: '考核协调组' },
    failed: {
      title: '关于2026年度派驻机构考核结果的抄告单',
      noticeNumber: '城东考〔2026〕3号',
      recipientName: '区市场监督管理局',
      channel: 'email',
      address: 'bangongshi@scj.example.gov.cn',
      attempts: 8,
      lastError: 'SMTP 550 mailbox unavailable',
      failedAt: new Date('2027-01-21T01:30:00Z'),
    },
  };
}
