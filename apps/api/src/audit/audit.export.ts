/** The audit trail as a table for people: XLSX (exceljs) or CSV (UTF-8 with BOM, for Excel). One row per change. */
import ExcelJS from 'exceljs';
import type { AuditEntry } from './audit.service';

const COLUMNS: { header: string; width: number; get: (e: AuditEntry, c?: AuditEntry['changes'][number]) => string }[] = [
  { header: '序号', width: 8, get: (e) => e.id },
  { header: '时间', width: 20, get: (e) => e.localTime },
  { header: '事项', width: 18, get: (e) => e.typeLabel },
  { header: '事件代码', width: 22, get: (e) => e.type },
  { header: '操作人', width: 18, get: (e) => e.actor.displayName ?? e.actor.username ?? e.actor.id },
  { header: '角色', width: 14, get: (e) => e.roleLabel },
  { header: '站所', width: 20, get: (e) => e.station?.name ?? '' },
  { header: '内容', width: 24, get: (e, c) => c?.label ?? e.summary },
  { header: '原值', width: 14, get: (_e, c) => (c ? (c.from ?? '—') : '') },
  { header: '新值', width: 14, get: (_e, c) => (c ? (c.to ?? '—') : '') },
  { header: '理由', width: 40, get: (e) => e.reason ?? '' },
];

function rows(entries: AuditEntry[]): string[][] {
  return entries.flatMap((e) => (e.changes.length ? e.changes.map((c) => COLUMNS.map((col) => col.get(e, c))) : [COLUMNS.map((col) => col.get(e))]));
}

export async function auditXlsx(entries: AuditEntry[], title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '派驻机构考核系统';
  const ws = wb.addWorksheet('审计记录', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = COLUMNS.map((c) => ({ width: c.width }));
  ws.mergeCells(1, 1, 1, COLUMNS.length);
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  const header = ws.addRow(COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  // values are written as text cells: a reason that starts with "=" stays text, never a formula
  for (const r of rows(entries)) ws.addRow(r);
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: COLUMNS.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A cell that a spreadsheet would run as a formula gets a leading apostrophe (CSV injection). */
function csvCell(v: string): string {
  const safe = /^[=+@\t\r]/.test(v) || /^-[^0-9]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function auditCsv(entries: AuditEntry[]): Buffer {
  const lines = [COLUMNS.map((c) => c.header), ...rows(entries)].map((r) => r.map(csvCell).join(','));
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}
