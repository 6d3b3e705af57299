import { Workbook } from 'exceljs';
import { formatDate, formatDateTime, gradeLabel, stationKindLabel } from './labels';
import { ProgressReporter } from './progress';
import { createTableSheet, displayWidth, estimateTextHeight, tenthsToPoints } from './sheet-style';

describe('sheet-style', () => {
  it('counts CJK and full-width characters as two units', () => {
    expect(displayWidth('城东派出所')).toBe(10);
    expect(displayWidth('（2026年度）')).toBe(2 + 4 + 4 + 2);
    expect(displayWidth('5/7')).toBe(3);
  });

  it('estimates wrapped row heights', () => {
    expect(estimateTextHeight('合计', 10)).toBe(19);
    expect(estimateTextHeight('一二三四五六七八九十', 11)).toBe(2 * 15 + 4);
    expect(estimateTextHeight('甲\n乙', 40)).toBe(2 * 15 + 4);
  });

  it('turns integer tenths into points and rejects anything else', () => {
    expect(tenthsToPoints(925)).toBe(92.5);
    expect(tenthsToPoints(0)).toBe(0);
    expect(() => tenthsToPoints(92.5, 'total')).toThrow('total must be integer tenths, got 92.5');
  });

  it('puts the title, info lines and header where the builders expect them', () => {
    const sheet = createTableSheet(new Workbook(), {
      name: '测试',
      title: '城东街道测试表（2026年度）',
      infoLines: ['第一行', '第二行'],
      columns: [{ header: '派驻机构', width: 20 }, { header: '总分', width: 9 }],
    });
    expect(sheet.headerRowNumber).toBe(4);
    expect(sheet.ws.getCell('A4').value).toBe('派驻机构');
    expect(sheet.ws.getColumn(2).width).toBe(9.1);
  });
});

describe('labels', () => {
  it('maps grade and station-kind keys to the policy words and leaves labels alone', () => {
    expect(['excellent', 'good', 'qualified', 'unqualified'].map(gradeLabel)).toEqual(['优秀', '良好', '合格', '不合格']);
    expect(gradeLabel('良好')).toBe('良好');
    expect(stationKindLabel('independent')).toBe('独立派驻');
    expect(stationKindLabel('regional')).toBe('按区域设置派驻');
  });

  it('formats instants in the configured zone and calendar dates as given', () => {
    const instant = new Date('2026-12-31T16:00:00Z');
    expect(formatDate(instant)).toBe('2027-01-01');
    expect(formatDateTime(instant)).toBe('2027-01-01 00:00');
    expect(formatDate(instant, 'UTC')).toBe('2026-12-31');
    expect(formatDate('2026-12-31')).toBe('2026-12-31');
  });
});

describe('ProgressReporter', () => {
  it('reports 1 at the end even with no rows, and nothing without a callback', async () => {
    const seen: number[] = [];
    const reporter = new ProgressReporter((f) => void seen.push(f), 0);
    await reporter.rowsWritten(0);
    await reporter.finished();
    expect(seen).toEqual([0.9, 1]);
    await expect(new ProgressReporter(undefined, 10).finished()).resolves.toBeUndefined();
  });

  it('awaits an asynchronous callback', async () => {
    const order: string[] = [];
    const reporter = new ProgressReporter(async (f) => {
      await new Promise((r) => setTimeout(r, 1));
      order.push(`progress ${f}`);
    }, 1);
    await reporter.rowsWritten();
    order.push('after row');
    expect(order).toEqual(['progress 0.9', 'after row']);
  });
});
