import { buildSelfAssessmentForm } from './self-assessment-form';
import { RUBRIC_2021, formulaOf, readWorkbook, rowTexts, sheetOf } from './test-fixtures';

describe('buildSelfAssessmentForm', () => {
  const station = { name: '城东派出所', kind: 'independent', department: '定海区公安分局', head: '王建国' };
  const scores = {
    serveCentre: 95,
    performDuties: 90,
    workStyle: 140,
    teamBuilding: 145,
    platformParticipation: 185,
    workOrders: 180,
    satisfaction: 95,
    innovation: 30,
  };

  it('dumps', async () => {
    const buf = await buildSelfAssessmentForm(RUBRIC_2021, {
      subdistrict: '城东街道',
      year: 2026,
      station,
      scores,
      justifications: { serveCentre: '全年完成街道交办重点任务12项' },
      submittedAt: new Date('2026-12-28T02:00:00Z'),
    });
    require('fs').writeFileSync('/tmp/self.xlsx', buf);
    const ws = sheetOf(await readWorkbook(buf), '自评表');
    for (let r = 1; r <= ws.rowCount; r++) console.log(r, JSON.stringify(ws.getRow(r).values));
  });
});
