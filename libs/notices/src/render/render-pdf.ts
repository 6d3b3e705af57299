import PDFDocument from 'pdfkit';
import { cjkFontData } from './cjk-font';
import { composeNotice } from './compose-notice';
import type { NoticeBlock, NoticeDocument } from './notice-document';
import type { Notice } from './notice.types';

const MM = 72 / 25.4;
// Close to GB/T 9704 (党政机关公文格式) but a size smaller (小二 title, 四号 body) and with narrower
// top/bottom margins, so that a typical 抄告单 with a staff table fits on one A4 page.
const MARGINS = { top: 30 * MM, bottom: 28 * MM, left: 28 * MM, right: 26 * MM };
const TITLE_SIZE = 18;
const BODY_SIZE = 14;
const TABLE_SIZE = 12;
const LINE_GAP = 6;
const FONT = 'NotoSansSC';

type Doc = PDFKit.PDFDocument;
type TableBlock = Extract<NoticeBlock, { type: 'table' }>;

export interface RenderPdfOptions {
  /** Written into the PDF's CreationDate; defaults to the notice's date so a re-render is byte-stable. */
  creationDate?: Date;
}

/** A4 PDF with the CJK font embedded (subset: only the glyphs used, so a notice stays ~10–60 KB). */
export async function renderPdf(notice: Notice, options: RenderPdfOptions = {}): Promise<Buffer> {
  return documentToPdf(composeNotice(notice), {
    creationDate: options.creationDate ?? new Date(`${notice.issueDate}T00:00:00+08:00`),
  });
}

export function documentToPdf(model: NoticeDocument, options: RenderPdfOptions = {}): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: MARGINS,
      lang: 'zh-CN',
      displayTitle: true,
      info: {
        Title: model.title,
        Subject: model.noticeNumber ?? model.subject,
        Author: model.signature.signatory,
        CreationDate: options.creationDate ?? new Date(0),
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      layout(doc, model);
      doc.end();
    } catch (err) {
      reject(err);
    }
  });
}

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function bottomLimit(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

function layout(doc: Doc, model: NoticeDocument): void {
  doc.registerFont(FONT, cjkFontData());
  doc.font(FONT);
  const left = doc.page.margins.left;
  const width = contentWidth(doc);

  if (model.noticeNumber) {
    doc.fontSize(BODY_SIZE).text(model.noticeNumber, left, doc.y, { width, align: 'center' });
    doc.moveDown(0.8);
  }
  doc.fontSize(TITLE_SIZE).text(model.title, left, doc.y, { width, align: 'center', lineGap: LINE_GAP });
  doc.moveDown(1);

  doc.fontSize(BODY_SIZE).text(model.salutation, left, doc.y, { width, lineGap: LINE_GAP });
  for (const block of model.blocks) {
    if (block.type === 'paragraph') paragraph(doc, block.text);
    else table(doc, block);
  }
  // A signature alone on a page is not acceptable in an official document: keep the closing
  // line (特此抄告。) on the signature's page.
  doc.fontSize(BODY_SIZE);
  const line = doc.currentLineHeight(true) + LINE_GAP;
  const tail = model.closing ?? '';
  const tailHeight = (tail ? doc.heightOfString(tail, { width, indent: 2 * BODY_SIZE, lineGap: LINE_GAP }) : 0) + 3.5 * line;
  if (doc.y + tailHeight > bottomLimit(doc)) doc.addPage();
  if (tail) paragraph(doc, tail);
  doc.moveDown(1.2);
  doc.text(model.signature.signatory, left, doc.y, { width, align: 'right', lineGap: LINE_GAP });
  doc.text(model.signature.date, left, doc.y, { width, align: 'right', lineGap: LINE_GAP });

  if (model.link) {
    doc.moveDown(1);
    doc.fontSize(TABLE_SIZE).fillColor('#555').text(`查看详情：${model.link}`, left, doc.y, { width });
    doc.fillColor('black');
  }
}

function paragraph(doc: Doc, text: string): void {
  doc.fontSize(BODY_SIZE);
  doc.text(text, doc.page.margins.left, doc.y, {
    width: contentWidth(doc),
    indent: 2 * BODY_SIZE,
    lineGap: LINE_GAP,
    align: 'justify',
  });
}

/** Columns share the width in proportion to their widest cell; rows that do not fit start a new page with the header repeated. */
function table(doc: Doc, block: TableBlock): void {
  const padX = 6;
  const padY = 3;
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const numeric = new Set(block.numeric ?? []);
  doc.fontSize(TABLE_SIZE);

  const natural = block.columns.map(
    (head, i) => Math.max(doc.widthOfString(head), ...block.rows.map((r) => doc.widthOfString(r[i] ?? ''))) + 2 * padX + 1,
  );
  const total = natural.reduce((a, b) => a + b, 0);
  // Short tables (label/score) stay compact and centred; wide ones shrink to the page and wrap.
  const tableWidth = Math.min(width, Math.max(total, width * 0.6));
  const widths = natural.map((w) => (w * tableWidth) / total);
  const x0 = left + (width - tableWidth) / 2;

  const rowHeight = (cells: string[]) =>
    Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i] - 2 * padX }))) + 2 * padY;

  const drawRow = (cells: string[], header: boolean) => {
    const h = rowHeight(cells);
    let x = x0;
    const y = doc.y;
    cells.forEach((cell, i) => {
      if (header) doc.rect(x, y, widths[i], h).fillAndStroke('#eeeeee', '#444444');
      else doc.rect(x, y, widths[i], h).stroke('#444444');
      doc.fillColor('black').text(cell, x + padX, y + padY, {
        width: widths[i] - 2 * padX,
        align: !header && numeric.has(i) ? 'right' : header ? 'center' : 'left',
        lineBreak: true,
      });
      x += widths[i];
    });
    doc.y = y + h;
  };

  doc.moveDown(0.3);
  if (doc.y + rowHeight(block.columns) * 2 > bottomLimit(doc)) doc.addPage();
  doc.lineWidth(0.75);
  drawRow(block.columns, true);
  for (const row of block.rows) {
    if (doc.y + rowHeight(row) > bottomLimit(doc)) {
      doc.addPage();
      doc.fontSize(TABLE_SIZE);
      drawRow(block.columns, true);
    }
    drawRow(row, false);
  }
  doc.x = left;
  doc.moveDown(0.5);
}
