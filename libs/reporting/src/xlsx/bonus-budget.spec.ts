import { buildBonusBudget, type BonusStation } from './bonus-budget';
import { formulaOf, readWorkbook, rowTexts, sheetOf } from './test-fixtures';

const stations: BonusStation[] = [
  {
    stationName: '城东派出所',
    kind: 'independent',
    grade: '优秀',
    persons: [
      { name: '王建国', position: '所长', grade: '优秀', amount: 3600 },
      { name: '张晓明', position: '副所长', grade: '优秀', amount: 3600 },
      { name: '刘芳', position: '民警', grade: '良好', amount: 2520 },
      { name: '陈磊', position: '民警', grade: '良好', amount: 2520 },
      { name: '周婷', position: '辅警', grade: '合格', amount: 0 },
    ],
  },
  {
    stationName: '城东市场监督管理所',
    kind: 'regional',
    grade: '良好',
    persons: [
      { name: '李海燕', position: '所长', grade: '良好', amount: 2520 },
      { name: '赵伟', position: '科员', grade: '良好', amount: 2520 },
      { name: '孙丽', position: '科员', grade: '良好', amount: 2520 },
    ],
  },
  { stationName: '城东自然资源所', kind: 'regional', grade: '合格', persons: [] },
  {
    stationName: '城东司法所',
    kind: 'independent',
    grade: 'good',
    persons: [
      { name: '吴静', position: '所长', grade: 'excellent', amount: 3600 },
      { name: '郑浩', position: '科员', grade: 'good', amount: 2520 },
    ],
  },
];
const sumOverPersons = stations.flatMap((s) => s.persons).reduce((n, p) => n + p.amount, 0);

async function budget(input = stations) {
  const wb = await readWorkbook(await buildBonusBudget({ subdistrict: '城东街道', year: 2026, stations: input }));
  return { wb, byStation: sheetOf(wb, '奖金预算（按站所）'), byPerson: sheetOf(wb, '奖金明细（按人员）') };
}

describe('buildBonusBudget (奖金预算表)', () => {
  it('has a per-station sheet then a per-person sheet, with titles and Chinese headers', async () => {
    const { wb, byStation, byPerson } = await budget();
    expect(wb.worksheets.map((w) => w.name)).toEqual(['奖金预算（按站所）', '奖金明细（按人员）']);
    expect(byStation.getCell('A1').value).toBe('城东街道派驻机构考核奖金预算表（2026年度）');
    expect(rowTexts(byStation, 3, 7)).toEqual(['序号', '派驻机构', '类型', '考核等次', '人数', '获奖人数', '奖金预算（元）']);
    expect(byPerson.getCell('A1').value).toBe('城东街道派驻机构考核奖金发放明细表（2026年度）');
    expect(rowTexts(byPerson, 3, 6)).toEqual(['序号', '派驻机构', '姓名', '职务', '考核等次', '奖金（元）']);
    expect(byStation.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(byPerson.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
  });

  it('lists every person with a running serial number, Chinese grade and amount in yuan', async () => {
    const { byPerson } = await budget();
    expect(rowTexts(byPerson, 4, 6)).toEqual(['1', '城东派出所', '王建国', '所长', '优秀', '3600']);
    expect(byPerson.getCell('F4').value).toBe(3600);
    expect(byPerson.getCell('F4').numFmt).toBe('#,##0');
    expect(rowTexts(byPerson, 12, 6)).toEqual(['9', '城东司法所', '吴静', '所长', '优秀', '3600']);
    expect(byPerson.getCell('E13').value).toBe('良好');
    expect(byPerson.getCell('A14').value).toBe('合计');
    expect(formulaOf(byPerson, 'F14')).toEqual({ formula: 'SUM(F4:F13)', result: sumOverPersons });
  });

  it('gives each station the sum of its persons as a formula over the per-person sheet', async () => {
    const { byStation, byPerson } = await budget();
    expect(rowTexts(byStation, 4, 4)).toEqual(['1', '城东派出所', '独立派驻', '优秀']);
    expect(byStation.getCell('E4').value).toBe(5);
    expect(byStation.getCell('F4').value).toBe(4);
    expect(formulaOf(byStation, 'G4')).toEqual({ formula: "SUM('奖金明细（按人员）'!F4:F8)", result: 12240 });
    expect(formulaOf(byStation, 'G5')).toEqual({ formula: "SUM('奖金明细（按人员）'!F9:F11)", result: 7560 });
    expect(byStation.getCell('G6').value).toBe(0); // 城东自然资源所: 合格, nobody paid
    expect(byStation.getCell('E6').value).toBe(0);
    expect(formulaOf(byStation, 'G7')).toEqual({ formula: "SUM('奖金明细（按人员）'!F12:F13)", result: 6120 });
    expect(byStation.getCell('D7').value).toBe('良好');

    // Every station's cached amount equals the sum of its persons read back from the other sheet.
    const personAmount = (from: number, to: number) => {
      let s = 0;
      for (let r = from; r <= to; r++) s += byPerson.getCell(`F${r}`).value as number;
      return s;
    };
    expect(formulaOf(byStation, 'G4').result).toBe(personAmount(4, 8));
    expect(formulaOf(byStation, 'G5').result).toBe(personAmount(9, 11));
    expect(formulaOf(byStation, 'G7').result).toBe(personAmount(12, 13));
  });

  it('has a grand total equal to the sum over persons, the same on both sheets', async () => {
    const { byStation, byPerson } = await budget();
    expect(byStation.getCell('A8').value).toBe('合计');
    expect(formulaOf(byStation, 'G8')).toEqual({ formula: 'SUM(G4:G7)', result: 25920 });
    expect(sumOverPersons).toBe(25920);
    expect(formulaOf(byStation, 'E8').result).toBe(10);
    expect(formulaOf(byStation, 'F8').result).toBe(9);
    expect(formulaOf(byPerson, 'F14').result).toBe(formulaOf(byStation, 'G8').result);
  });

  it('rejects an amount that is not whole yuan', async () => {
    const bad = [{ ...stations[1], persons: [{ name: '赵伟', position: '科员', grade: '良好', amount: 2520.5 }] }];
    await expect(budget(bad)).rejects.toThrow(/赵伟.*whole yuan/);
  });

  it('reports progress ending at 1', async () => {
    const seen: number[] = [];
    await buildBonusBudget({ subdistrict: '城东街道', year: 2026, stations }, { onProgress: (f) => void seen.push(f) });
    expect(seen[seen.length - 1]).toBe(1);
  });
});
