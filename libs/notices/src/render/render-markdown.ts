import { composeNotice } from './compose-notice';
import type { NoticeDocument } from './notice-document';
import type { Notice } from './notice.types';
import { tableRowsAsLines } from './render-text';

/**
 * Escapes data for chat-robot Markdown: a backslash before the characters that open emphasis, code,
 * links, headings or tables, and `<`, `>`, `&` as entities because some gateways pass HTML through.
 * `(`, `-`, `!` are left alone: without an unescaped `[` or a line start they do nothing, and
 * gateways that ignore backslash escapes would show them.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]#|~])/g, '\\$1');
}

// Only http(s); parentheses and spaces percent-encoded so they cannot end the link early.
function safeLinkTarget(url: string): string | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    return u.href.replace(/[()\s]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
  } catch {
    return undefined;
  }
}

// Chat gateways (DingTalk, WeCom) render no Markdown tables: rows become list items.
export function documentToMarkdown(doc: NoticeDocument): string {
  const e = escapeMarkdown;
  const out: string[] = [`### ${e(doc.title)}`];
  if (doc.noticeNumber) out.push(`**${e(doc.noticeNumber)}**`);
  out.push(e(doc.salutation));
  for (const block of doc.blocks) {
    if (block.type === 'paragraph') out.push(e(block.text));
    else out.push(tableRowsAsLines(block).map((l) => `- ${e(l)}`).join('\n'));
  }
  if (doc.closing) out.push(e(doc.closing));
  out.push(`${e(doc.signature.signatory)}  \n${e(doc.signature.date)}`);
  const href = doc.link ? safeLinkTarget(doc.link) : undefined;
  if (href) out.push(`[查看详情](${href})`);
  return out.join('\n\n');
}

export function renderMarkdown(notice: Notice): string {
  return documentToMarkdown(composeNotice(notice));
}
