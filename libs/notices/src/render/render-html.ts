import { composeNotice } from './compose-notice';
import type { NoticeDocument } from './notice-document';
import type { Notice } from './notice.types';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and double- or single-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

// Only http(s) links: a javascript: URL in configuration must not become clickable.
function safeHref(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

// Inline styles only: mail clients drop external stylesheets, and the page must stand alone.
const STYLE = `
body{margin:0;padding:24px;background:#f5f5f5;color:#222;font-family:"Noto Sans SC","PingFang SC","Microsoft YaHei","Source Han Sans SC",sans-serif;font-size:16px;line-height:1.9}
.notice{max-width:720px;margin:0 auto;background:#fff;padding:48px 56px;box-shadow:0 1px 3px rgba(0,0,0,.1)}
.number{text-align:center;margin:0}
h1{text-align:center;font-size:22px;margin:8px 0 28px;font-weight:bold}
p{margin:0 0 8px}
p.body{text-indent:2em}
table{border-collapse:collapse;margin:8px auto 16px;min-width:60%}
th,td{border:1px solid #444;padding:4px 12px;text-align:left}
th{background:#f0f0f0}
td.num{text-align:right}
.signature{text-align:right;margin-top:32px}
.link{margin-top:24px;font-size:14px}
`.trim();

export function documentToHtml(doc: NoticeDocument): string {
  const e = escapeHtml;
  const parts: string[] = [];
  if (doc.noticeNumber) parts.push(`<p class="number">${e(doc.noticeNumber)}</p>`);
  parts.push(`<h1>${e(doc.title)}</h1>`, `<p class="salutation">${e(doc.salutation)}</p>`);
  for (const block of doc.blocks) {
    if (block.type === 'paragraph') {
      parts.push(`<p class="body">${e(block.text)}</p>`);
      continue;
    }
    const numeric = new Set(block.numeric ?? []);
    const head = block.columns.map((c) => `<th scope="col">${e(c)}</th>`).join('');
    const rows = block.rows
      .map((r) => `<tr>${r.map((c, i) => `<td${numeric.has(i) ? ' class="num"' : ''}>${e(c)}</td>`).join('')}</tr>`)
      .join('\n');
    parts.push(`<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`);
  }
  if (doc.closing) parts.push(`<p class="body">${e(doc.closing)}</p>`);
  parts.push(`<div class="signature"><p>${e(doc.signature.signatory)}</p><p>${e(doc.signature.date)}</p></div>`);
  const href = doc.link ? safeHref(doc.link) : undefined;
  if (href) parts.push(`<p class="link"><a href="${e(href)}">查看详情</a></p>`);
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(doc.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<div class="notice">',
    ...parts,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A complete, self-contained HTML document; every piece of data is escaped. */
export function renderHtml(notice: Notice): string {
  return documentToHtml(composeNotice(notice));
}
