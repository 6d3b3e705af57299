import { ROLE_LABELS as BASE_ROLE_LABELS, SYSTEM_ACTOR } from '@app/platform';
import { GRADE_LABELS as BASE_GRADE_LABELS } from '@app/policy';
/**
 * Chinese labels of the audit trail (the policy's own words): event types, roles, rubric items and the fields of
 * monthly records and master data. Pure code: no Nest, no database.
 */
import { formatTenths } from '@app/policy';

export const EVENT_TYPE_LABELS: Record<string, string> = {
  // the assessment year
  YearOpened: '开启考核年度',
  SelfAssessmentWindowOpened: '开放自评',
  MarkedOverdue: '逾期未提交自评',
  ResultsComputed: '计算考核结果',
  ResultsSubmittedForApproval: '提交领导小组审定',
  ResultsApproved: '领导小组审定通过',
  TableReturned: '退回重新评分（全表）',
  StationReturned: '退回重新评分（单个站所）',
  ResultsReleased: '发布考核结果',
  PublicityEnded: '公示期结束',
  ObjectionFiled: '提出异议',
  ObjectionAnswered: '答复异议',
  AllNoticesDelivered: '抄告送达完毕',
  // one station's year
  MonthRecorded: '记录月度数据',
  RecognitionAdded: '登记创新工作',
  RecognitionVerified: '核实创新工作',
  RecognitionRefused: '不予认定创新工作',
  SelfAssessmentDraftSaved: '保存自评表草稿',
  SelfAssessmentSubmitted: '提交自评表',
  ExtensionGranted: '准予延期提交',
  ItemScored: '测评打分',
  ScoresFinalised: '确定测评得分',
  GradeAdjusted: '调整考核等次',
  // accounts
  UserPasswordChanged: '修改密码',
  ApiTokenCreated: '创建接口令牌',
  ApiTokenRevoked: '吊销接口令牌',
  UserCreatedByCli: '命令行创建管理员',
};

const STREAM_LABELS: Record<string, string> = {
  subdistrict: '街道', department: '部门', station: '派驻机构', staff: '工作人员', user: '用户',
};
const VERB_LABELS: Record<string, string> = { created: '新增', updated: '修改', imported: '导入', deactivated: '停用' };

export const ROLE_LABELS: Record<string, string> = { ...BASE_ROLE_LABELS, system: '系统' };

export const ITEM_LABELS: Record<string, string> = {
  serveCentre: '服务中心', performDuties: '履行职能', workStyle: '作风效能', teamBuilding: '队伍建设',
  platformParticipation: '参与“四个平台”', workOrders: '工单办理', satisfaction: '满意度测评',
};
export const PART_LABELS: Record<string, string> = { daily: '日常管理', special: '专项管理' };
export const GRADE_LABELS: Record<string, string> = BASE_GRADE_LABELS;
const RECOGNITION_STATUS_LABELS: Record<string, string> = { pending: '待核实', verified: '已核实', refused: '不予认定' };

const FIELD_LABELS: Record<string, string> = {
  // monthly four-platform data
  meetingsHeld: '召开会议数', meetingsAttended: '参加会议数', 'workOrders.received': '收到工单', 'workOrders.onTime': '按时办结',
  'workOrders.overdue': '逾期工单', 'workOrders.returnedForShirking': '推诿扯皮退回', 'workOrders.falsified': '弄虚作假',
  complaints: '投诉', 'satisfaction.surveyed': '满意度调查人数', 'satisfaction.satisfied': '满意人数', note: '备注', deductions: '扣分记录',
  // master data
  name: '名称', abbr: '简称', kind: '类型', departmentId: '派出部门', headcount: '编制人数', headName: '负责人', fourPlatforms: '纳入四个平台',
  active: '启用', channels: '送达渠道', email: '电子邮箱', webhookUrl: '回调地址', webhookSecret: '回调密钥', stationId: '所属站所',
  position: '职务', isHead: '是否负责人', username: '登录名', displayName: '姓名', role: '角色',
  until: '延期至', status: '认定状态', grade: '考核等次',
};

/** 中文 label of an event type; master-data events are `<stream>.<verb>` (e.g. `station.updated` → 修改派驻机构). */
export function eventTypeLabel(type: string): string {
  if (EVENT_TYPE_LABELS[type]) return EVENT_TYPE_LABELS[type];
  const [stream, verb] = type.split('.');
  if (verb && STREAM_LABELS[stream]) return `${VERB_LABELS[verb] ?? verb}${STREAM_LABELS[stream]}`;
  return type;
}

/** Who acted, for people: the role's name, or 系统自动 for what the system did by itself (sweeps, deliveries). */
export function roleLabel(role: string, actorId?: string): string {
  if (actorId === SYSTEM_ACTOR.userId) return '系统自动';
  return ROLE_LABELS[role] ?? role;
}

export function fieldLabel(field: string): string {
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  const [part, item] = field.split('.');
  if (PART_LABELS[part] && ITEM_LABELS[item]) return `${PART_LABELS[part]}·${ITEM_LABELS[item]}`;
  return field;
}

/** One old → new change, values already formatted for people ('—' for none). */
export interface AuditChange {
  field: string;
  label: string;
  from: string | null;
  to: string | null;
}

/** An event as read from the store (plus, for GradeAdjusted, the grade it replaced). */
export interface AuditEventInput {
  type: string;
  payload: Record<string, any>;
  previousGrade?: string | null;
}

function display(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v) || typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Flattens nested record data to dotted paths (`workOrders.overdue`); arrays stay whole. */
function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out[prefix] = value;
  }
  return out;
}

function change(field: string, from: unknown, to: unknown, label = fieldLabel(field)): AuditChange {
  return { field, label, from: display(from), to: display(to) };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function points(tenths: unknown): string | null {
  return typeof tenths === 'number' ? formatTenths(tenths) : null;
}

/**
 * The old → new values an event carries, derived from its payload: scores (tenths → points), monthly records
 * (previous → data), extensions, recognition decisions, grades and master-data updates ({field: {from, to}}).
 */
export function changesOf(e: AuditEventInput): AuditChange[] {
  const p = e.payload ?? {};
  switch (e.type) {
    case 'ItemScored':
      return [{ field: `${p.partKey}.${p.itemKey}`, label: fieldLabel(`${p.partKey}.${p.itemKey}`), from: points(p.previousTenths), to: points(p.tenths) }];
    case 'MonthRecorded': {
      const before = flatten(p.previous ?? {});
      const after = flatten(p.data ?? {});
      const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
      return keys.filter((k) => !same(before[k], after[k])).map((k) => change(k, before[k], after[k]));
    }
    case 'ExtensionGranted':
      return [change('until', p.previous ?? null, p.until)];
    case 'RecognitionVerified':
    case 'RecognitionRefused':
      return [{
        field: 'status', label: fieldLabel('status'),
        from: RECOGNITION_STATUS_LABELS[p.previous] ?? display(p.previous),
        to: RECOGNITION_STATUS_LABELS[e.type === 'RecognitionVerified' ? 'verified' : 'refused'],
      }];
    case 'GradeAdjusted':
      return [{
        field: `grade.${p.staffId}`, label: fieldLabel('grade'),
        from: e.previousGrade ? (GRADE_LABELS[e.previousGrade] ?? e.previousGrade) : null, to: GRADE_LABELS[p.grade] ?? display(p.grade),
      }];
  }
  if (e.type.endsWith('.updated')) {
    return Object.entries(p)
      .filter(([, v]) => v && typeof v === 'object' && 'from' in v && 'to' in v)
      .map(([k, v]: [string, any]) => change(k, v.from, v.to));
  }
  if (e.type.endsWith('.created')) {
    return Object.entries(p).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => change(k, null, v));
  }
  return [];
}

/** A one-line summary of an event for people. */
export function summaryOf(e: AuditEventInput): string {
  const p = e.payload ?? {};
  switch (e.type) {
    case 'MonthRecorded':
      return `${p.month}月${p.section === 'daily' ? '日常管理' : '“四个平台”'}数据${p.correction ? '（更正）' : ''}`;
    case 'ItemScored':
      return `${fieldLabel(`${p.partKey}.${p.itemKey}`)}${p.comment ? `：${p.comment}` : ''}`;
    case 'RecognitionAdded':
      return `${p.title ?? ''}（${p.issuer ?? ''}，${p.recognisedOn ?? ''}）`;
    case 'SelfAssessmentSubmitted':
      return p.late ? '逾期提交' : '按时提交';
    case 'ObjectionFiled':
      return String(p.text ?? '');
    case 'ObjectionAnswered':
      return p.upheld ? '异议成立' : '异议不成立';
    default:
      return '';
  }
}
