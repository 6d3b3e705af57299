import type { NoticeBlock, NoticeDocument } from './notice-document';
import type {
  CalendarWarningNotice,
  DeliveryFailedNotice,
  LateListNotice,
  Notice,
  OverdueNotice,
  ReminderNotice,
  ReminderTopic,
} from './notice.types';
import { composeHandOff } from './compose-handoff';
import { composeResultNotice } from './compose-result';
import { CHANNEL_LABELS, zhDate, zhDateTime, zhMonth } from './zh-labels';

/** Lays out any notice as a format-neutral document (the wording lives here, once). */
export function composeNotice(notice: Notice): NoticeDocument {
  switch (notice.kind) {
    case 'result_notice':
      return composeResultNotice(notice);
    case 'reminder':
      return composeReminder(notice);
    case 'overdue_notice':
      return composeOverdueNotice(notice);
    case 'late_list':
      return composeLateList(notice);
    case 'delivery_failed':
      return composeDeliveryFailed(notice);
    case 'calendar_warning':
      return composeCalendarWarning(notice);
    case 'handoff':
      return composeHandOff(notice);
    default: {
      const never: never = notice;
      throw new Error(`unknown notice kind ${(never as { kind: string }).kind}`);
    }
  }
}

/** Titles, for whoever needs one without composing a whole notice (the sweep's batches). */
export function reminderTitle(year: number, t: ReminderTopic): string {
  switch (t.type) {
    case 'monthly_record_missing':
      return `关于报送${zhMonth(t.month)}平时考核记录的提醒`;
    case 'self_assessment_due':
      return `关于提交${year}年度自评表的提醒`;
    case 'window_open':
      return `关于开展${year}年度派驻机构考核自评工作的通知`;
  }
}
export const overdueTitle = (year: number) => `关于${year}年度自评表逾期未提交的通知`;
const lateListWhat = (year: number, subject: LateListNotice['subject']) =>
  subject.type === 'monthly_record' ? `${zhMonth(subject.month)}平时考核记录` : `${year}年度自评表`;
export const lateListTitle = (year: number, subject: LateListNotice['subject']) =>
  `${lateListWhat(year, subject)}${subject.type === 'monthly_record' ? '未按时报送' : '逾期未提交'}单位名单`;
export const calendarWarningTitle = (calendarYear: number, status: CalendarWarningNotice['status']) =>
  `${calendarYear}年节假日安排${status === 'missing' ? '尚未导入' : '尚未正式确认'}`;

export const coordinationGroup = (n: Notice) => n.signatory ?? `${n.subdistrict.name}“四个平台”绩效考核协调组`;
export const systemSender = (n: Notice) => n.signatory ?? `${n.subdistrict.name}派驻机构考核系统（自动发送）`;

function composeReminder(n: ReminderNotice): NoticeDocument {
  const t = n.topic;
  const title = reminderTitle(n.year, t);
  let text: string;
  switch (t.type) {
    case 'monthly_record_missing':
      text =
        `你单位${zhMonth(t.month)}平时考核记录尚未报送，报送截止日期为${zhDate(t.dueDate)}。` +
        '请尽快登录考核系统填报；逾期未报送的，将记为迟报。';
      break;
    case 'self_assessment_due': {
      if (!Number.isInteger(t.daysLeft) || t.daysLeft < 0) throw new RangeError(`daysLeft must be ≥ 0, got ${t.daysLeft}`);
      const left = t.daysLeft === 0 ? '今天是提交截止日' : `距截止还有${t.daysLeft}天`;
      text =
        `你单位${n.year}年度自评表尚未提交。提交截止时间为${zhDate(t.deadline)}24时，${left}。` +
        '请对照考核细则逐项自评打分并说明理由，上传年度工作总结后提交。';
      break;
    }
    case 'window_open':
      text =
        `${n.year}年度派驻机构考核自评工作已于${zhDate(t.opensOn)}开始。请你单位对照考核细则填写自评表` +
        `（逐项自评打分并说明理由），上传年度工作总结，于${zhDate(t.deadline)}24时前提交。逾期未提交的，将记为逾期。`;
      break;
  }
  return {
    kind: n.kind,
    title,
    subject: `${title}（${n.station.name}）`,
    salutation: `${n.recipient.name}：`,
    blocks: [{ type: 'paragraph', text }],
    signature: { signatory: coordinationGroup(n), date: zhDate(n.issueDate) },
    link: n.link,
  };
}

function composeOverdueNotice(n: OverdueNotice): NoticeDocument {
  const title = overdueTitle(n.year);
  return {
    kind: n.kind,
    title,
    subject: `${title}（${n.station.name}）`,
    salutation: `${n.recipient.name}：`,
    blocks: [
      {
        type: 'paragraph',
        text:
          `你单位未在${zhDate(n.deadline)}24时前提交${n.year}年度自评表，已逾期。请尽快登录考核系统提交；` +
          '确有特殊情况需要延期的，请向考核协调组说明理由并申请。逾期提交的，将标记为逾期提交。',
      },
    ],
    closing: '特此通知。',
    signature: { signatory: coordinationGroup(n), date: zhDate(n.issueDate) },
    link: n.link,
  };
}

function composeLateList(n: LateListNotice): NoticeDocument {
  const what = lateListWhat(n.year, n.subject);
  const lateVerb = n.subject.type === 'monthly_record' ? '未按时报送' : '逾期未提交';
  const title = lateListTitle(n.year, n.subject);
  const blocks: NoticeBlock[] =
    n.stations.length === 0
      ? [{ type: 'paragraph', text: `截至${zhDate(n.issueDate)}，各派驻机构${what}均已按时${n.subject.type === 'monthly_record' ? '报送' : '提交'}。` }]
      : [
          {
            type: 'paragraph',
            text: `截至${zhDate(n.issueDate)}，以下${n.stations.length}个派驻机构${what}${lateVerb}，请及时督促：`,
          },
          {
            type: 'table',
            columns: ['序号', '派驻机构', '派出部门', '截止日期', '备注'],
            rows: n.stations.map((s, i) => [
              String(i + 1),
              s.name,
              s.dispatchingDepartment ?? '',
              zhDate(s.dueDate),
              s.note ?? '',
            ]),
            numeric: [0],
          },
        ];
  return {
    kind: n.kind,
    title,
    subject: `${title}（${n.stations.length}个）`,
    salutation: `${n.recipient.name}：`,
    blocks,
    signature: { signatory: systemSender(n), date: zhDate(n.issueDate) },
    link: n.link,
  };
}

function composeDeliveryFailed(n: DeliveryFailedNotice): NoticeDocument {
  const f = n.failed;
  const rows: string[][] = [
    ['通知', f.title],
    ...(f.noticeNumber ? [['文号', f.noticeNumber]] : []),
    ['收件单位', f.recipientName],
    ['发送渠道', CHANNEL_LABELS[f.channel]],
    ...(f.address ? [['收件地址', f.address]] : []),
    ['尝试次数', String(f.attempts)],
    ['最后一次错误', f.lastError],
    ['失败时间', zhDateTime(f.failedAt, n.timeZone)],
  ];
  return {
    kind: n.kind,
    title: '通知发送失败',
    subject: `【发送失败】${f.title}（${f.recipientName}）`,
    salutation: `${n.recipient.name}：`,
    blocks: [
      {
        type: 'paragraph',
        text: `以下通知经${f.attempts}次尝试仍未送达，请核实收件信息后重新发送，或改用其他方式送达：`,
      },
      { type: 'table', columns: ['项目', '内容'], rows },
    ],
    signature: { signatory: systemSender(n), date: zhDate(n.issueDate) },
    link: n.link,
  };
}

function composeCalendarWarning(n: CalendarWarningNotice): NoticeDocument {
  const what = n.status === 'missing' ? '尚未导入' : '仅为临时数据（未按国务院办公厅正式通知更新）';
  const title = calendarWarningTitle(n.calendarYear, n.status);
  return {
    kind: n.kind,
    title,
    subject: `【提醒】${title}`,
    salutation: `${n.recipient.name}：`,
    blocks: [
      {
        type: 'paragraph',
        text:
          `考核系统中${n.calendarYear}年的节假日安排${what}。在系统管理员导入国务院办公厅关于${n.calendarYear}年部分节假日安排的通知之前，` +
          '该年度的提醒和截止日期按“周一至周五为工作日”计算，调休上班日和法定节假日不会被考虑。请联系系统管理员及时导入。',
      },
    ],
    signature: { signatory: systemSender(n), date: zhDate(n.issueDate) },
    link: n.link,
  };
}
