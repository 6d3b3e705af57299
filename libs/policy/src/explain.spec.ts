import { explainStation, UnknownStationError } from './explain';
import { itemsFor, loadPolicy, station } from './testing/fixtures';
import { computeYearResult } from './year-result';
import type { StationInput } from './year-types';

const policy = loadPolicy();

describe('explainStation', () => {
  // 10 stations → quota 3; c and d tie on 92.0 at the quota line.
  const stations: StationInput[] = [
    {
      ...station(policy, 'a', 950),
      recognitions: [
        { id: 'n1', level: 'national', verified: true },
        { id: 'n2', level: 'national', verified: true },
        { id: 'p1', level: 'province', verified: true },
        { id: 'c1', level: 'city', verified: false },
      ],
      itemScores: itemsFor(policy, 430, 420),
      itemNotes: { workOrders: ['3月工单逾期2件,扣1.0分'] },
    },
    station(policy, 'b', 940),
    { ...station(policy, 'c', 920), itemScores: itemsFor(policy, 470, 450) },
    { ...station(policy, 'd', 920), itemScores: itemsFor(policy, 460, 460) },
    ...['e', 'f', 'g', 'h', 'i'].map((id, i) => station(policy, id, 850 - i * 10)),
    station(policy, 'z', 550),
  ];
  const result = computeYearResult(policy, { stations });

  it('lists every item with its notes, and the recognitions counted, capped and refused', () => {
    const e = explainStation(result, 'a', { serveCentre: ['完成三改一拆任务'] });
    expect(e.items).toHaveLength(7);
    expect(e.items.find((i) => i.key === 'workOrders')).toMatchObject({ label: '工单办理', notes: ['3月工单逾期2件,扣1.0分'] });
    expect(e.items.find((i) => i.key === 'serveCentre')!.notes).toEqual(['完成三改一拆任务']);
    expect(e.items.find((i) => i.key === 'serveCentre')!.text).toBe('10.0 / 10.0');
    expect(e.innovation.counted.map((r) => r.id)).toEqual(['n1', 'n2']);
    expect(e.innovation.capped.map((r) => r.text)).toEqual(['省级表彰p1:3.0分中3.0分超过10.0分上限,不计']);
    expect(e.innovation.refused.map((r) => r.text)).toEqual(['市级表彰c1:未经核实,不计分']);
    expect(e.innovation.text).toBe('创新工作附加:核实表彰合计13.0分,超过上限10.0分,按10.0分计');
    expect(e.total).toBe('95.0');
    expect(e.gradeReason).toBe('总分95.0分,达到优秀标准(≥90分),排名第1(共10个站所),在优秀名额3个(10个站所×30%,向下取整,至少1个)之内,评为优秀。');
  });

  it('explains a quota demotion with rank, quota figures and the tie rule', () => {
    const e = explainStation(result, 'c');
    expect(e).toMatchObject({ grade: 'good', gradeLabel: '良好', quotaDemoted: true, rank: 3, position: 4, excellentQuota: 3 });
    expect(e.gradeReason).toBe(
      '总分92.0分,达到优秀分数线(≥90分),并列排名第3(共10个站所),按排序位列第4位,' +
        '与名额内最后一位“站所d”总分相同,按并列规则比较专项管理得分(45.0分,低于46.0分)排在其后;' +
        '超出优秀名额3个(10个站所×30%,向下取整,至少1个),按名额调整为良好。',
    );
    expect(explainStation(result, 'd').gradeReason).toContain('并列排名第3');
  });

  it('explains thresholds for the other grades and the staff', () => {
    expect(explainStation(result, 'e').gradeReason).toBe('总分85.0分,达到良好标准(≥80分),未达到优秀标准(90分),排名第5(共10个站所),评为良好。');
    const z = explainStation(result, 'z');
    expect(z.gradeReason).toBe('总分55.0分,低于合格标准(60分),排名第10(共10个站所),评为不合格。');
    expect(z.staff[0].reason).toBe('按区域设置派驻站所,工作人员按站所等次不合格计发奖金0元');
  });

  it('refuses an unknown station', () => {
    expect(() => explainStation(result, 'nope')).toThrow(UnknownStationError);
  });
});
