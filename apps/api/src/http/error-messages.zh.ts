/**
 * The one place where an error becomes words for people: every error body keeps its stable English `code` (and
 * `details[].field`, `state`, `event`, `allowed` for programs) and gets a Simplified Chinese `message` that says
 * what to do next. Keyed by code, by machine event + state for refused transitions, by permission for a role's
 * refusal, by entity for a missing record; a detail's reason is worded by the table of known reasons below.
 * Domain and library errors keep their English text for logs; only the HTTP body is worded here.
 */
import { ROLE_LABELS } from '@app/platform';
import { fieldLabel, ITEM_LABELS, PART_LABELS } from '../audit/audit.labels';
import { PERMISSIONS } from '../access/permissions';

export interface ErrorBody {
  code: string;
  message: string;
  details: { field: string; reason: string }[];
  [extra: string]: unknown;
}

/** Text already written for people in Chinese (more Chinese characters than Latin letters). */
export function isChinese(text: string): boolean {
  return (text.match(/[\u4e00-\u9fff]/g)?.length ?? 0) > (text.match(/[A-Za-z]/g)?.length ?? 0);
}

// ---------------------------------------------------------------------------------------------------------------
// labels

const MORE_FIELD_LABELS: Record<string, string> = {
  year: '年度', month: '月份', reason: '理由', itemKey: '考核项目', score: '分数', comment: '评语', report: '年度工作报告',
  scores: '自评分', justifications: '自评说明', level: '级别', title: '名称', issuer: '认定机关', recognisedOn: '认定日期',
  evidence: '佐证材料', evidenceFile: '佐证材料文件', text: '异议内容', upheld: '是否采纳', policyVersion: '考核办法版本', password: '密码',
  newPassword: '新密码', oldPassword: '原密码', body: '请求内容', query: '查询条件', path: '地址', file: '文件',
  'Idempotency-Key': '幂等键（Idempotency-Key）', Authorization: '登录凭证', from: '开始日期', to: '结束日期',
  milestone: '环节', sort: '排序', order: '排序方向', bucket: '分段', subdistrictId: '街道', userId: '用户',
  recognitionId: '创新工作', objectionId: '异议', staffId: '工作人员', section: '记录类别', results: '考核结果',
  recognitions: '创新工作', expiresAt: '有效期', code: '代码', type: '类型', refreshToken: '刷新令牌', points: '扣分',
  'satisfaction.satisfied': '满意人数', meetingsAttended: '参加会议数', surveyed: '满意度调查人数',
};

/** 中文 label of a request field: `scores.serveCentre` → 自评分·服务中心, `deductions[0].reason` → 扣分记录第1条·理由. */
export function labelOf(field: string): string {
  if (MORE_FIELD_LABELS[field]) return MORE_FIELD_LABELS[field];
  const known = fieldLabel(field);
  if (known !== field) return known;
  const row = /^row (\d+): (.+)$/.exec(field);
  if (row) return `第${row[1]}行·${row[2]}`;
  const indexed = /^(\w+)\[(\d+)\]\.?(.*)$/.exec(field);
  if (indexed) return `${labelOf(indexed[1])}第${Number(indexed[2]) + 1}条${indexed[3] ? `·${labelOf(indexed[3])}` : ''}`;
  const dot = field.indexOf('.');
  if (dot > 0) {
    const head = field.slice(0, dot);
    const tail = field.slice(dot + 1);
    return `${labelOf(head)}·${ITEM_LABELS[tail] ?? labelOf(tail)}`;
  }
  return ITEM_LABELS[field] ?? PART_LABELS[field] ?? field;
}

const items = (keys: string) => keys.split(/,\s*/).map((k) => ITEM_LABELS[k] ?? k).join('、');
const monthDay = (mmdd?: string) => (mmdd && /^\d{2}-\d{2}$/.test(mmdd) ? `${Number(mmdd.slice(0, 2))}月${Number(mmdd.slice(3))}日` : undefined);

// ---------------------------------------------------------------------------------------------------------------
// the reasons of details (English reason → Chinese), first match wins

type Reason = [RegExp, string | ((m: RegExpExecArray) => string)];
const REASONS: Reason[] = [
  // class-validator's own words (the property name is cut off before matching)
  [/^must be an integer number$/, '必须是整数'],
  [/^must not be less than (\S+)$/, (m) => `不能小于${m[1]}`],
  [/^must not be greater than (\S+)$/, (m) => `不能大于${m[1]}`],
  [/^should not be empty$/, '不能为空'],
  [/^must be a string$/, '必须是文字'],
  [/^must be shorter than or equal to (\d+) characters$/, (m) => `不能超过${m[1]}个字`],
  [/^must be longer than or equal to (\d+) characters$/, (m) => `至少${m[1]}个字`],
  [/^must be one of the following values: (.*)$/, (m) => `必须是以下之一：${m[1]}`],
  [/^must be a UUID$/i, '格式不正确（应为 UUID）'],
  [/^must be an object$/, '必须是对象'],
  [/^must be an array$/, '必须是列表'],
  [/^must be a list$/, '必须是列表'],
  [/^property \S+ should not exist$/, '不是可接受的字段，请删除'],
  [/^is not a known field$/, '不是可接受的字段，请删除'],
  [/^must be a boolean value$/, '必须是“是”或“否”'],
  [/^must be a valid ISO 8601 date string$/, '必须是有效的日期时间'],
  [/^must be an email$/, '不是有效的电子邮箱地址'],
  [/^must be a URL address$/, '不是有效的网址'],
  [/^must contain no more than (\d+) elements$/, (m) => `最多${m[1]}项`],
  [/^must contain at least (\d+) elements$/, (m) => `至少${m[1]}项`],
  [/^nested property .* must be either object or array$/, '必须是对象'],
  [/^must be a number conforming to the specified constraints$/, '必须是数字'],
  [/^must match .* regular expression$/, '格式不正确'],
  // dates, years, months, scores
  [/^must be a (real )?date( YYYY-MM-DD)?$/, '必须是有效日期，格式如 2026-12-31'],
  [/^is not a real date$/, '不是有效日期'],
  [/^must be an ISO instant$/, '必须是有效的日期时间'],
  [/^is (\d+) but the URL says (\d+)$/, (m) => `文件中的年份是${m[1]}，与地址中的${m[2]}年不一致`],
  [/^must be a date in the future$|^must be in the future$/, '必须是今天以后的日期'],
  [/^must be a whole number \(a year|^must be a four-digit year$/, '必须是四位年份，如 2026'],
  [/^must be 1–12$|^must be a month number from 1 to 12$/, '必须是 1 至 12 的月份'],
  [/^(\d{4})-(\d{2}) has not begun yet$/, (m) => `${m[1]}年${Number(m[2])}月尚未开始，月末后再录入`],
  [/^must be a decimal score with at most one decimal place/, '必须是最多一位小数的分数，如 18.5'],
  [/^cannot exceed (\S+)$/, (m) => `不能超过“${labelOf(m[1])}”`],
  [/^must not be before from$/, '不能早于开始日期'],
  [/^must fall in the assessment year (\d+)$/, (m) => `必须在${m[1]}年度内`],
  [/^score (\d+(?:\.\d)?) is above the maximum (\d+(?:\.\d)?)/, (m) => `${m[1]}分超过该项满分${m[2]}分`],
  [/above the item's max(imum)? (\S+)/, (m) => `超过该项满分${m[2]}分`],
  [/^(.*) is above the maximum (\S+)/, (m) => `超过该项满分${m[2]}`],
  // requests
  [/^must be a JSON object$/, '必须是 JSON 对象'],
  [/^is not valid JSON$/, '不是有效的 JSON'],
  [/^malformed percent-encoding$/, '地址中的编码有误'],
  [/^nests deeper than (\d+) levels$/, (m) => `嵌套超过${m[1]}层`],
  [/^at most (\d+) characters$/, (m) => `不能超过${m[1]}个字符`],
  [/^a non-empty file is required/, '请选择要上传的文件'],
  [/^is required$|^required$/, '必填'],
  // monthly records, recognitions, the self-assessment
  [/^a correction of a recorded month needs a reason$/, '本月已有记录，更正需填写理由'],
  [/^must be an item of 日常管理$/, '必须是日常管理的考核项目'],
  [/^every item needs a self-assessed score$/, '请填写该项的自评分'],
  [/^every item needs a justification$/, '请填写该项的自评说明'],
  [/^the annual work report .* is required$/, '请上传年度工作报告（PDF、DOCX 或 DOC）'],
  [/^the file is empty$/, '文件是空的，请重新选择'],
  [/^the file is larger than (\d+) MB$/, (m) => `文件超过 ${m[1]} MB，请压缩后重新上传`],
  [/^the content is not a PDF, DOCX or DOC document$/, '文件不是 PDF、DOCX 或 DOC 文档，请转换后重新上传'],
  [/^the content is not a PDF, DOCX, DOC, JPEG or PNG file$/, '文件不是 PDF、DOCX、DOC 文档或 JPG、PNG 图片，请转换后重新上传'],
  [/^unknown item "(.*)"$/, (m) => `没有考核项目“${m[1]}”`],
  [/^"(.*)" is not an item of the (\w+) part$/, (m) => `“${ITEM_LABELS[m[1]] ?? m[1]}”不是${PART_LABELS[m[2]] ?? m[2]}的考核项目`],
  [/^must be text of at most (\d+) characters$/, (m) => `不能超过${m[1]}个字`],
  [/^items not yet scored: (.*)$/, (m) => `以下项目尚未评分：${items(m[1])}`],
  [/^(\d+) recognition\(s\) still await verification$/, (m) => `还有${m[1]}项创新工作待核实，请先核实或不予认定`],
  [/^an extension needs a reason$/, '准予延期需填写理由'],
  [/^refusing a recognition needs a reason$/, '不予认定需填写理由'],
  [/^an answer needs a reason$/, '答复异议需填写理由'],
  [/^an objection needs its grounds$/, '请填写异议的理由'],
  [/^a return needs a reason$/, '退回需填写理由'],
  [/^an individual grade needs a reason$/, '调整个人等次需填写理由'],
  [/^individual grades apply to independent stations only$/, '只有独立派驻机构的工作人员才评定个人等次'],
  [/^an individual grade changed after the results were computed/, '计算结果后有个人等次被调整，请重新计算考核结果'],
  [/^unknown policy version/, '没有这个考核办法版本'],
  [/^must be special or daily$/, '必须是 special（专项管理）或 daily（日常管理）'],
  [/^must be independent or regional$/, '必须是 independent（独立派驻）或 regional（按区域设置派驻）'],
  [/^a (\w+) is per station/, '请指定站所（stationId）'],
  // accounts and tokens
  [/^must be 1-100 characters$/, '长度须为 1 至 100 个字'],
  [/^a station token names its station/, '站所令牌须指定站所'],
  [/^only a station token names a station$/, '只有站所令牌才能指定站所'],
  [/^is required to change your own password$/, '修改自己的密码需填写原密码'],
  [/^does not match the current password$/, '原密码不正确，请重新输入'],
  [/^must differ from the current password$/, '新密码不能与原密码相同'],
  [/^must be at least (\d+) characters$/, (m) => `至少${m[1]}个字符`],
  [/^must be at most (\d+) characters$/, (m) => `不能超过${m[1]}个字符`],
  [/^must not be only spaces$/, '不能全是空格'],
  [/^must use at least (\d+) different characters$/, (m) => `至少包含${m[1]}个不同的字符`],
  [/^an API token has no session/, '接口令牌没有登录会话，请直接吊销该令牌'],
  // master data and imports
  [/^required for a station user$/, '站所用户必须指定所属站所'],
  [/^only station users belong to a station$/, '只有站所用户才属于站所，请清空所属站所'],
  [/^no such station in this subdistrict$/, '本街道没有这个站所'],
  [/^no such department in this subdistrict$/, '本街道没有这个部门'],
  [/^must be a dispatching department/, '必须是派出部门'],
  [/^at least one channel is needed$/, '请至少选择一种送达渠道'],
  [/^required for the email channel$/, '选择电子邮件渠道时必填'],
  [/^required for the webhook channel$/, '选择回调（webhook）渠道时必填'],
  [/^refused by the database schema$/, '不符合数据格式要求'],
  [/^unknown column; expected (.*)$/, (m) => `不是可识别的列，应为：${m[1]}`],
  [/^column (.*) appears twice$/, (m) => `“${m[1]}”列重复`],
  [/^required column is missing$/, '缺少必需的列'],
  [/^no data rows below the header$/, '表头下没有数据行'],
  [/^at most (\d+) rows per file$/, (m) => `每个文件最多 ${m[1]} 行`],
  [/^must be a whole number ≥ 0$/, '必须是不小于 0 的整数'],
  [/^at most (\d+)$/, (m) => `不能超过${m[1]}`],
  [/^no department named "(.*)" in this subdistrict$/, (m) => `本街道没有名为“${m[1]}”的部门`],
  [/^"(.*)" is not a dispatching department/, (m) => `“${m[1]}”不是派出部门`],
  [/^no station named "(.*)" in this subdistrict$/, (m) => `本街道没有名为“${m[1]}”的站所`],
  [/^same as row (\d+)$/, (m) => `与第${m[1]}行重复`],
  [/is already taken$|^already (exists|taken)/, '已被使用，请换一个'],
  [/^a (\S+) with this (\S+) already exists$/, (m) => `已有同${m[2] === 'name' ? '名' : labelOf(m[2])}的${({ station: '站所', department: '部门', staff: '工作人员', user: '用户' } as Record<string, string>)[m[1]] ?? '记录'}`],
  [/^the file is not (?:a |an )?(.*)$/, '文件无法读取，请上传 CSV 或 XLSX 文件'],
  // the last resort for "must be …": the values a program would send
  [/^must be (?:one of )?(.+?)(?: or (\S+))?$/, (m) => `必须是${m[1]}${m[2] ? ` 或 ${m[2]}` : ''}`],
];

/** A detail's reason in Chinese (the English one when no rule knows it: never lost, never guessed). */
export function reasonOf(field: string, reason: string): string {
  if (isChinese(reason)) return reason;
  // class-validator starts its messages with the property name ("year must be an integer number")
  const last = field.split('.').pop()!.replace(/\[\d+\]$/, '');
  const text = reason.startsWith(`${last} `) ? reason.slice(last.length + 1) : reason;
  for (const [pattern, zh] of REASONS) {
    const m = pattern.exec(text);
    if (m) return typeof zh === 'string' ? zh : zh(m);
  }
  return text;
}

// ---------------------------------------------------------------------------------------------------------------
// state conflicts: keyed by event, then by state ("EVENT@state" wins over "EVENT")

const STATE_LABELS: Record<string, string> = {
  // a station's year
  recording: '平时记录中', selfAssessmentOpen: '自评中', submitted: '已提交自评', overdue: '逾期未交', extended: '已延期',
  submittedLate: '逾期提交', underScoring: '测评中', scored: '已测评', resultApproved: '结果已审定', notified: '已抄告',
  // the subdistrict's year
  opened: '已开启', selfAssessmentWindow: '自评期', scoring: '测评期', resultsComputed: '结果已计算',
  pendingApproval: '待领导小组审定', returned: '已退回重新评分', approved: '已审定', publicity: '公示期', released: '结果已发布',
  closed: '已归档',
  // deliveries, exports
  pending: '待投递', delivered: '已送达', failed: '投递失败', cancelled: '已取消', running: '生成中', ready: '已生成',
};

type Facts = Record<string, string | undefined>;
type Conflict = string | ((f: Facts) => string);

const notYetOpen = (f: Facts) => `自评将于${monthDay(f.windowOpens) ?? '自评窗口开放之日'}开放，届时再填写自评表`;
const alreadySubmitted = '自评表已提交，不能再修改';
const overdueAskExtension = '自评提交已截止，请联系协调组申请延期后再提交';
const scoringStarted = '已进入测评阶段，自评表不能再填写';
const scoresFixed = '该站所得分已确定；如需修改，请由领导小组退回重新评分';

const CONFLICTS: Record<string, Conflict> = {
  'DRAFT_SAVED@recording': notYetOpen, 'SUBMIT@recording': notYetOpen,
  'DRAFT_SAVED@submitted': alreadySubmitted, 'SUBMIT@submitted': alreadySubmitted,
  'DRAFT_SAVED@submittedLate': alreadySubmitted, 'SUBMIT@submittedLate': alreadySubmitted,
  'DRAFT_SAVED@overdue': overdueAskExtension, 'SUBMIT@overdue': overdueAskExtension,
  'SUBMIT@selfAssessmentOpen': overdueAskExtension,
  'SUBMIT@extended': '延期期限已过，请联系协调组重新准予延期',
  DRAFT_SAVED: scoringStarted, SUBMIT: scoringStarted,
  'EXTENSION_GRANTED@recording': '自评尚未开放，无需延期',
  'EXTENSION_GRANTED@selfAssessmentOpen': '该站所尚未逾期，截止前无需延期',
  'EXTENSION_GRANTED@overdue': '准予延期需填写理由和有效的截止日期',
  'EXTENSION_GRANTED@extended': '准予延期需填写理由和有效的截止日期',
  EXTENSION_GRANTED: '该站所已提交自评或已进入测评，不能再延期',
  MONTH_RECORDED: '已进入测评阶段，月度记录不能再录入或更正',
  RECOGNITION_ADDED: '已进入测评阶段，不能再登记创新工作',
  ITEM_SCORED: (f) => (['scored', 'resultApproved', 'released', 'notified', 'closed'].includes(f.state ?? '') ? scoresFixed
    : '该站所尚未进入测评阶段：自评提交或截止后才能评分'),
  SCORES_FINALISED: (f) => (['scored', 'resultApproved', 'released', 'notified', 'closed'].includes(f.state ?? '') ? '该站所得分已确定，无需重复确定'
    : '该站所尚未进入测评阶段：自评提交或截止后才能评分'),
  VERIFY_RECOGNITION: '该站所得分已确定，不能再核实创新工作；如需修改，请由领导小组退回重新评分',
  REFUSE_RECOGNITION: '该站所得分已确定，不能再认定创新工作；如需修改，请由领导小组退回重新评分',
  ADJUST_GRADE: '考核结果已审定或正在审定，调整个人等次前请领导小组先退回该站所',
  READ_RESULT: '考核结果尚未发布，发布后即可查看',
  DOWNLOAD: '导出文件还在生成，请稍后再下载',
  RETURNED_FOR_RESCORING: '只有已测评且未发布的站所才能退回重新评分',
  // the subdistrict's year
  'WINDOW_OPENED@selfAssessmentWindow': '自评已开放，无需重复开放',
  WINDOW_OPENED: '本年度已过自评阶段，不能再开放自评',
  DEADLINE_PASSED: (f) => `自评截止时间${f.deadline ? `（${f.deadline}）` : ''}未到`,
  'SCORING_STARTED@opened': '自评尚未开放，不能开始测评',
  'RESULTS_COMPUTED@scoring': '还有站所未确定得分，全部确定后才能计算考核结果',
  'RESULTS_COMPUTED@opened': '自评尚未结束，测评完成后才能计算考核结果',
  'RESULTS_COMPUTED@selfAssessmentWindow': '自评尚未结束，测评完成后才能计算考核结果',
  'RESULTS_COMPUTED@returned': '考核结果已被退回，请重新评分后再计算',
  RESULTS_COMPUTED: '考核结果已提交审定，退回后才能重新计算',
  'SUBMITTED_FOR_APPROVAL@pendingApproval': '考核结果已提交领导小组审定，请等待审定',
  SUBMITTED_FOR_APPROVAL: '请先计算考核结果，再提交领导小组审定',
  'APPROVED@approved': '考核结果已审定，无需重复审定',
  APPROVED: '考核结果尚未提交审定，协调组提交后才能审定',
  TABLE_RETURNED: '只有待审定的考核结果才能退回；退回需填写理由',
  STATION_RETURNED: '只有待审定的考核结果才能退回；退回需指定站所并填写理由',
  'RELEASED@publicity': '公示期结束且异议全部答复后才能发布',
  'RELEASED@released': '考核结果已发布，无需重复发布',
  'RELEASED@approved': '本年度设有公示期：请先开始公示，公示结束后再发布',
  RELEASED: '考核结果需经领导小组审定后才能发布',
  PUBLICITY_STARTED: '只有已审定的考核结果才能公示',
  PUBLICITY_ENDED: (f) => `公示期尚未结束${f.until ? `（至${f.until}）` : ''}`,
  OBJECTION_FILED: '当前不在公示期，不能提出异议',
  OBJECTION_ANSWERED: '该异议不存在或已答复，或公示期已结束',
};

function conflictMessage(body: ErrorBody, facts: Facts): string {
  const event = String(body.event ?? '');
  const state = String(body.state ?? '');
  const rule = CONFLICTS[`${event}@${state}`] ?? CONFLICTS[event];
  const f = { ...facts, state };
  if (rule) return typeof rule === 'function' ? rule(f) : rule;
  if (/only a failed delivery can be retried/.test(body.message)) return `只有投递失败的消息才能重试，这条消息${STATE_LABELS[state] ?? state}`;
  const where = STATE_LABELS[state] ? `当前阶段（${STATE_LABELS[state]}）` : '当前阶段';
  return `${where}不能进行此操作，请刷新页面查看可进行的操作`;
}

// ---------------------------------------------------------------------------------------------------------------
// refusals by role, scope, and missing records

const PERMISSION_LABELS: Record<string, string> = {
  'subdistricts.manage': '管理街道', 'masterdata.read': '查看基础数据', 'masterdata.manage': '维护基础数据',
  'users.manage': '管理用户账号', 'apitokens.manage': '管理接口令牌', 'year.open': '开启考核年度', 'year.read': '查看考核年度',
  'window.open': '开放自评', 'records.special': '录入专项记录', 'records.daily': '录入日常管理记录', 'recognitions.add': '登记创新工作',
  'recognitions.verify': '核实创新工作', 'selfassessment.read': '查看自评表', 'selfassessment.file': '填报自评表',
  'extension.grant': '准予延期', 'scores.special': '评定专项管理得分', 'scores.daily': '评定日常管理得分',
  'scores.finalise': '确定测评得分', 'scores.read': '查看测评表', 'results.compute': '计算考核结果', 'results.read': '查看考核结果',
  'results.readOwn': '查看本站所的考核结果', 'results.approve': '审定考核结果', 'results.release': '发布考核结果',
  'grades.adjust': '调整个人等次', 'objections.file': '提出异议', 'objections.answer': '答复异议', 'board.read': '查看逾期看板',
  'deliveries.read': '查看送达情况', 'deliveries.retry': '重新投递', 'exports.create': '导出报表', 'audit.read': '查看操作记录',
  'calendar.manage': '维护节假日安排', 'policies.read': '查看考核办法', 'projections.rebuild': '重建统计数据',
  'inbox.own': '查看消息', 'todo.own': '查看待办', 'session.own': '管理登录会话', 'password.set': '修改密码',
};

const SHORT_ROLE: Record<string, string> = {
  station: '站所', command_room: '综合指挥室', coordinator: '协调组', leader: '考核领导小组', admin: '系统管理员',
};

/** "您的角色不能录入专项记录，请联系综合指挥室或协调组" (who may is read from the permission table). */
export function roleRefusal(role: string, permission: string): string {
  const holders = ((PERMISSIONS as Record<string, readonly string[]>)[permission] ?? []).filter((r) => r !== role);
  const what = PERMISSION_LABELS[permission] ?? '进行此操作';
  const who = holders.length ? `，请联系${holders.map((r) => SHORT_ROLE[r] ?? r).join('或')}` : '';
  return `您的角色（${ROLE_LABELS[role as keyof typeof ROLE_LABELS] ?? role}）不能${what}${who}`;
}

const FORBIDDEN: Reason[] = [
  [/^role (\S+) may not (\S+)$/, (m) => roleRefusal(m[1], m[2])],
  [/^another subdistrict’s station$/, '该站所不属于您的街道'],
  [/^another subdistrict’s (data|user|token)$/, '这些数据不属于您的街道'],
  [/^another station’s data$|^station users may only read their own station$/, '您只能查看和填报本站所的数据'],
  [/^another user’s account$/, '只能修改自己的账号；管理他人账号请联系系统管理员'],
  [/^only a deployment-wide admin creates subdistricts$/, '只有全区（系统）管理员才能新增街道'],
  [/^this endpoint has no access rule$/, '此功能尚未开放'],
];

const ENTITIES: Record<string, string> = {
  station: '该站所', 'station year': '该站所本年度的考核', 'assessment year': '该年度的考核', recognition: '该创新工作',
  objection: '该异议', export: '该导出文件', 'annual work report': '年度工作报告', user: '该用户', subdistrict: '该街道',
  department: '该部门', staff: '该工作人员', 'staff member': '该工作人员', 'staff member of this station': '该站所的这名工作人员',
  'inbox item': '该消息', delivery: '该投递记录', notice: '该通知', 'API token': '该接口令牌', 'policy version': '该考核办法版本',
  'station in this year’s table': '本年度结果表中的该站所',
};

function notFoundMessage(message: string): string {
  if (/^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /.test(message)) return '没有这个接口，请检查地址';
  if (/^assessment year /.test(message)) return '该年度的考核尚未开启：请协调组先开启考核年度';
  if (/^station year /.test(message)) return '该站所未纳入本年度的考核，请检查年度和站所';
  if (/^annual work report /.test(message)) return '该站所尚未提交年度工作报告';
  if (/^results? \(not computed yet\)/.test(message)) return '考核结果尚未计算：协调组计算后即可查看';
  if (/^policy version /.test(message)) return '没有这个考核办法版本';
  const entity = Object.keys(ENTITIES).sort((a, b) => b.length - a.length).find((k) => message.startsWith(`${k} `));
  return `找不到${entity ? ENTITIES[entity] : '要找的记录'}：请检查链接，或刷新页面后重试`;
}

const AUTH: Reason[] = [
  [/^invalid username or password$/, '用户名或密码错误，请重新输入'],
  [/^invalid API token$/, '接口令牌无效，请向系统管理员申请新的令牌'],
  [/^API token revoked$/, '接口令牌已吊销，请向系统管理员申请新的令牌'],
  [/^API token expired$/, '接口令牌已过期，请向系统管理员申请新的令牌'],
  [/already used/, '登录凭证已被使用过，为安全起见本次会话已注销，请重新登录'],
  [/disabled/, '该账号已停用，请联系系统管理员'],
  [/expired/, '登录已过期，请重新登录'],
  [/revoked/, '登录已失效（已退出或被注销），请重新登录'],
  [/^expected "Authorization: Bearer/, '登录凭证格式不正确，请重新登录'],
  [/invalid/, '登录凭证无效，请重新登录'],
];

function firstMatch(rules: Reason[], text: string): string | undefined {
  for (const [pattern, zh] of rules) {
    const m = pattern.exec(text);
    if (m) return typeof zh === 'string' ? zh : zh(m);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// the message of a body

function listed(details: ErrorBody['details'], max = 5): string {
  const shown = details.slice(0, max).map((d) => `“${labelOf(d.field)}”${d.reason}`).join('；');
  return details.length > max ? `${shown}等${details.length}处` : shown;
}

const BY_CODE: Record<string, (b: ErrorBody, facts: Facts) => string> = {
  VALIDATION_FAILED: (b) => (b.details.length ? `请修改后重新提交：${listed(b.details)}` : '请求中有无效的值，请检查后重新提交'),
  IMPORT_FAILED: (b) => `文件未导入任何数据，请修改以下${b.details.length}处后重新上传：${listed(b.details, 10)}`,
  BAD_REQUEST: (b) => (b.details.length ? `请求有误：${listed(b.details)}` : '请求有误，请检查后重试'),
  INVALID_JSON: () => '请求内容不是有效的 JSON，请检查后重试',
  UNAUTHENTICATED: (b) => firstMatch(AUTH, b.message) ?? '请先登录',
  FORBIDDEN: (b) => firstMatch(FORBIDDEN, b.message) ?? '您没有权限进行此操作，请联系系统管理员',
  PASSWORD_CHANGE_REQUIRED: () => '当前密码由管理员设置，请先修改为您自己的密码，再继续操作',
  NOT_FOUND: (b) => notFoundMessage(b.message),
  STATE_CONFLICT: (b, f) => conflictMessage(b, f),
  VERSION_CONFLICT: () => '数据刚被他人修改，请刷新页面后重试',
  CONFLICT: (b) => {
    const year = /^the (\d+) assessment year is already open$/.exec(b.message);
    if (year) return `${year[1]}年度的考核已开启，无需重复开启`;
    if (/dispatched by this department/.test(b.message)) return '仍有站所由该部门派出，不能取消其派出部门身份';
    const taken = /^(.*) "(.*)" is already taken$/.exec(b.message);
    if (taken) return `${labelOf(taken[1])}“${taken[2]}”已被使用，请换一个`;
    return '与已有数据冲突，请刷新页面后检查';
  },
  IDEMPOTENCY_KEY_REUSED: () => '这个幂等键已用于另一个请求，请为新请求使用新的 Idempotency-Key',
  IDEMPOTENCY_IN_PROGRESS: () => '同一请求仍在处理中，请稍后再试',
  IDEMPOTENCY_ANSWER_LOST: () => '该请求已经执行，但结果未能保存，请刷新页面查看最新数据，不要重复提交',
  PAYLOAD_TOO_LARGE: () => '上传的内容过大，请压缩文件或分批上传',
  UNSUPPORTED_MEDIA_TYPE: () => '不支持这种内容类型，请按接口说明上传',
  TOO_MANY_REQUESTS: () => '操作过于频繁，请稍等一分钟再试',
  TEMPORARILY_UNAVAILABLE: () => '服务暂时不可用，请稍后用同一请求重试',
  UNPROCESSABLE: (b) => {
    const rows = /^more than (\d+) events/.exec(b.message);
    return rows ? `记录超过 ${rows[1]} 条，请缩小筛选范围（日期、类型）后再导出` : '请求无法处理，请检查后重试';
  },
  INTERNAL: () => '服务器出错了，请稍后重试；如仍不行，请联系系统管理员',
};

/**
 * The body with its Chinese message and reasons. Already-Chinese messages are kept (a stored idempotent answer,
 * or a message worded where the error was raised), so wording twice changes nothing.
 */
export function inChinese(body: ErrorBody, facts: Facts = {}): ErrorBody {
  const details = (body.details ?? []).map((d) => ({ field: d.field, reason: reasonOf(d.field, String(d.reason ?? '')) }));
  // a list of problems is always worded from its details (each reason already Chinese or translated above)
  const listsProblems = ['VALIDATION_FAILED', 'IMPORT_FAILED'].includes(body.code) && details.length > 0;
  if (!listsProblems && isChinese(body.message ?? '')) return { ...body, details };
  const worded = { ...body, details };
  const build = BY_CODE[body.code];
  const message = build ? build(worded, facts) : '请求未能完成，请稍后重试；如仍不行，请联系系统管理员';
  return { ...worded, message };
}
