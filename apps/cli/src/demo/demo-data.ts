/** The sample subdistrict of the demo: 城东街道 with 15 stations of both kinds, as a real office would have. */
export interface DemoStation {
  name: string;
  kind: 'independent' | 'regional';
  department: string;
  staff: string[]; // first: the head
  /**
   * Points per item: daily (4 items) then special (3 items). The demo never types them in: its monthly records are
   * generated from them (demoMonth, demoDeductions) and the coordinators accept the suggested scores (建议分) the
   * policy computes from those records.
   */
  scores: string[];
  /** false: not part of the four platforms, so not assessed (listed as 不参加考核). */
  fourPlatforms?: boolean;
  /** How the station behaves in the year. */
  behaviour?: 'lateRecords' | 'missingMonth' | 'extension' | 'overdue' | 'returned';
  recognitions?: ('district' | 'city' | 'province' | 'national')[];
  /** The command room scores one special item away from its suggestion, with the reason (the leaders see it). */
  departure?: { item: string; score: string; reason: string };
}

export const DEMO_SUBDISTRICT = { name: '城东街道', abbr: '城东' };

export const DEMO_STATIONS: DemoStation[] = [
  { name: '城东派出所', kind: 'independent', department: '定海公安分局', staff: ['张建国', '李明', '王芳', '赵磊'], scores: ['9.5', '9.5', '14', '14.5', '19', '19', '9.5'], recognitions: ['province', 'city'] },
  { name: '城东市场监督管理所', kind: 'independent', department: '区市场监督管理局', staff: ['陈静', '刘洋', '黄伟'], scores: ['9.5', '9', '14', '14', '19', '18.5', '9'], recognitions: ['national'] },
  { name: '城东司法所', kind: 'regional', department: '区司法局', staff: ['赵敏', '孙磊'], scores: ['9', '9', '13.5', '14', '18', '18', '9'], behaviour: 'returned' },
  { name: '城东自然资源所', kind: 'regional', department: '区自然资源和规划分局', staff: ['周涛', '吴霞', '郑凯'], scores: ['9', '9', '13', '13.5', '18', '18', '9'], recognitions: ['district'] },
  { name: '城东综合行政执法中队', kind: 'independent', department: '区综合行政执法局', staff: ['冯丽', '褚军', '卫东', '蒋华', '沈阳'], scores: ['9', '8.5', '13', '13', '17', '17.5', '8.5'], behaviour: 'lateRecords' },
  { name: '城东税务所', kind: 'independent', department: '区税务局', staff: ['韩梅', '杨帆'], scores: ['9', '9', '13', '13', '17', '17', '8.5'], recognitions: ['city'] },
  { name: '城东供电所', kind: 'regional', department: '国网定海供电公司', staff: ['朱峰', '秦岭', '许可'], scores: ['8.5', '8.5', '12.5', '13', '17', '16.5', '8.5'],
    departure: { item: 'satisfaction', score: '9', reason: '回访不满意1次经核实系群众误评，已由指挥室更正' } },
  { name: '城东交警中队', kind: 'independent', department: '定海交警大队', staff: ['何平', '吕强', '施文'], scores: ['8.5', '8.5', '12.5', '12.5', '16', '17', '8'], behaviour: 'extension' },
  { name: '城东卫生监督所', kind: 'regional', department: '区卫生健康局', staff: ['张丽', '孔亮'], scores: ['8.5', '8', '12', '12.5', '16', '16', '8'] },
  { name: '城东人力社保所', kind: 'regional', department: '区人力资源和社会保障局', staff: ['曹雪', '严明'], scores: ['8', '8', '12', '12', '16', '15.5', '8'], behaviour: 'missingMonth' },
  { name: '城东消防救援站', kind: 'independent', department: '定海区消防救援大队', staff: ['华勇', '金诚', '魏然', '陶然'], scores: ['8', '8', '12', '12', '15', '15', '7.5'] },
  { name: '城东农业农村服务站', kind: 'regional', department: '区农业农村局', staff: ['姜山', '戚红'], scores: ['7.5', '7.5', '11', '11.5', '14', '14', '7'] },
  { name: '城东生态环境监察所', kind: 'regional', department: '市生态环境局定海分局', staff: ['谢雨', '邹杰'], scores: ['7', '7', '10.5', '11', '13', '13.5', '7'], behaviour: 'lateRecords' },
  { name: '城东水利站', kind: 'regional', department: '区水利局', staff: ['喻晓', '柏青'], scores: ['6.5', '6.5', '10', '10', '12', '12', '6'] },
  { name: '城东统计站', kind: 'regional', department: '区统计局', staff: ['水源', '窦军'], scores: ['5.5', '5.5', '9', '9', '10', '10', '5'], behaviour: 'overdue' },
  { name: '城东气象服务站', kind: 'regional', department: '区气象局', staff: ['云飞', '雷鸣'], scores: ['10', '10', '15', '15', '20', '20', '10'], fourPlatforms: false },
];

/** The stations assessed this year (part of the four platforms). */
export const ASSESSED_STATIONS = DEMO_STATIONS.filter((s) => s.fourPlatforms !== false);

export const DAILY_ITEMS = ['serveCentre', 'performDuties', 'workStyle', 'teamBuilding'];
export const SPECIAL_ITEMS = ['platformParticipation', 'workOrders', 'satisfaction'];

const ITEM_MAX = [10, 10, 15, 15, 20, 20, 10];
const DEDUCTION_REASONS = [
  ['街道重点工作任务未按期完成', '街道督查通报'],
  ['职责范围内的管理服务不到位', '群众来信及核查记录'],
  ['群众反映办事拖拉', '投诉工单及回访记录'],
  ['未执行请销假制度', '考勤及值班记录'],
];

/** Months whose records the demo keeps: the autumn in the quick form (the others are waived), all year otherwise. */
export function recordedMonths(station: DemoStation, quick: boolean): number[] {
  const all = quick ? [9, 10, 11, 12] : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  return station.behaviour === 'missingMonth' ? all.filter((m) => m !== 7) : all;
}

/** `count` cases spread over the recorded months as evenly as possible: how many fall in `month`. */
function share(count: number, months: number[], month: number): number {
  const i = months.indexOf(month);
  return i < 0 ? 0 : Math.floor(count / months.length) + (i < count % months.length ? 1 : 0);
}

const tenths = (points: string) => Math.round(Number(points) * 10);

/**
 * One month of four-platform data whose deductions, over the recorded months, take each special item from its
 * maximum down to the station's score: −1 per meeting missed without leave, −0.5 per overdue work order, −0.5 per
 * unsatisfied return visit (the policy's default rules).
 */
export function demoMonth(station: DemoStation, month: number, quick: boolean) {
  const months = recordedMonths(station, quick);
  const missed = share((ITEM_MAX[4] * 10 - tenths(station.scores[4])) / 10, months, month);
  const overdue = share((ITEM_MAX[5] * 10 - tenths(station.scores[5])) / 5, months, month);
  const unsatisfied = share((ITEM_MAX[6] * 10 - tenths(station.scores[6])) / 5, months, month);
  const excused = month % 6 === 0 && missed < 4 ? 1 : 0; // asked for leave: not deducted
  const received = 20 + month;
  return {
    meetingsHeld: 4, meetingsAttended: 4 - missed - excused, meetingsExcused: excused, trainingsHeld: 1, trainingsAttended: 1,
    coordinationTasks: { assigned: 2, notDone: 0 },
    workOrders: { received, onTime: received - overdue, overdue, returnedForShirking: 0, perfunctory: 0, falsified: 0 },
    complaints: 0, satisfaction: { surveyed: 30, satisfied: 30 - unsatisfied, unsatisfied },
  };
}

/** The daily-management deductions of the year (one per item below its maximum), by month. */
export function demoDeductions(station: DemoStation, quick: boolean): { month: number; deductions: { itemKey: string; points: string; reason: string; evidence: string }[] }[] {
  const months = recordedMonths(station, quick);
  return DAILY_ITEMS.flatMap((itemKey, i) => {
    const points = (ITEM_MAX[i] * 10 - tenths(station.scores[i])) / 10;
    if (points <= 0) return [];
    const [reason, evidence] = DEDUCTION_REASONS[i];
    return [{ month: months[i % months.length], deductions: [{ itemKey, points: String(points), reason, evidence }] }];
  });
}
