/**
 * The dashboard's numbers as XLSX: one sheet per chart, the same rows the console shows under 数据. Pure: the
 * dashboard answer in, the file out.
 */
import { Workbook } from 'exceljs';

const STATUS: Record<string, string> = { pending: '待发送', delivered: '已送达', failed: '失败', cancelled: '已取消' };
const CHANNEL: Record<string, string> = { inbox: '站内信', email: '邮件', webhook: '机器人' };

/** The parts of the dashboard answer (LeaderQueries.dashboard) the sheets read. */
export interface DashboardFigures {
  year: number;
  selfAssessment: { deadline: string };
  progress: { selfAssessmentsSubmitted: { date: string; count: number; cumulative: number }[] };
  grades: { grade: string; label: string; count: number }[];
  monthsByStation: { name: string; months: boolean[]; waived: boolean[] }[];
  itemScores: { label: string; max: number; stations: { name: string; score: number }[] }[];
  deliveries: { channel: string; status: string; count: number }[];
  yearOverYear: { year: number; grades: Record<string, number>; averageTotal: number | null }[];
}

export async function buildDashboardFigures(d: DashboardFigures): Promise<Buffer> {
  const wb = new Workbook();
  const sheet = (name: string, header: string[], rows: unknown[][]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(header).font = { bold: true };
    rows.forEach((r) => ws.addRow(r));
    ws.columns.forEach((c) => (c.width = 14));
  };
  sheet('自评提交', ['日期', '当日提交', '累计', '截止日'], d.progress.selfAssessmentsSubmitted.map((s, i) => [s.date, s.count, s.cumulative, i === 0 ? d.selfAssessment.deadline : '']));
  sheet('考核等次', ['等次', '站所数'], d.grades.map((g) => [g.label, g.count]));
  sheet('月度记录', ['站所', ...Array.from({ length: 12 }, (_, i) => `${i + 1}月`), '已记录'],
    d.monthsByStation.map((s) => [s.name, ...s.months.map((ok, i) => (ok ? '✓' : s.waived[i] ? '豁免' : '—')), s.months.filter(Boolean).length]));
  const stations = [...new Set(d.itemScores.flatMap((i) => i.stations.map((s) => s.name)))].sort();
  sheet('项目得分', ['站所', ...d.itemScores.map((i) => `${i.label}（${i.max}）`)],
    stations.map((name) => [name, ...d.itemScores.map((i) => i.stations.find((s) => s.name === name)?.score ?? '')]));
  sheet('通知送达', ['渠道', '状态', '数量'], d.deliveries.map((r) => [CHANNEL[r.channel] ?? r.channel, STATUS[r.status] ?? r.status, r.count]));
  sheet('历年对比', ['年度', ...d.grades.map((g) => g.label), '平均总分'],
    d.yearOverYear.map((y) => [y.year, ...d.grades.map((g) => y.grades[g.grade] ?? 0), y.averageTotal ?? '']));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
