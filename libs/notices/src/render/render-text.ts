import { composeNotice } from './compose-notice';
import type { NoticeBlock, NoticeDocument } from './notice-document';
import type { Notice } from './notice.types';

// Two ideographic spaces: the first-line indent of Chinese official prose.
const INDENT = '\u3000\u3000';

/**
 * Table rows as "header：value" lines: monospace alignment of CJK text breaks in proportional
 * mail and chat fonts, a labelled line never does.
 */
export function tableRowsAsLines(block: Extract<NoticeBlock, { type: 'table' }>): string[] {
  if (block.columns.length === 2) return block.rows.map(([k, v]) => `${k}：${v}`);
  const numbered = block.columns[0] === '序号';
  return block.rows.map((row) => {
    const pairs = row
      .map((cell, i) => ({ cell, head: block.columns[i], i }))
      .filter(({ cell, i }) => cell !== '' && !(numbered && i === 0))
      .map(({ cell, head }) => `${head}：${cell}`)
      .join('，');
    return numbered ? `${row[0]}. ${pairs}` : pairs;
  });
}

export function documentToText(doc: NoticeDocument): string {
  const lines: string[] = [];
  if (doc.noticeNumber) lines.push(doc.noticeNumber, '');
  lines.push(doc.title, '', doc.salutation);
  for (const block of doc.blocks) {
    if (block.type === 'paragraph') lines.push(INDENT + block.text);
    else lines.push(...tableRowsAsLines(block).map((l) => INDENT + l));
  }
  if (doc.closing) lines.push(INDENT + doc.closing);
  lines.push('', doc.signature.signatory, doc.signature.date);
  if (doc.link) lines.push('', `查看详情：${doc.link}`);
  return lines.join('\n') + '\n';
}

/** Plain-text body (e-mail text part, inbox preview). */
export function renderText(notice: Notice): string {
  return documentToText(composeNotice(notice));
}
