import type { NoticeKind } from './notice.types';

/**
 * A notice laid out once, format-neutral: text, Markdown, HTML and PDF all walk the same blocks,
 * so the four outputs of one notice never say different things. Strings here are raw (unescaped);
 * each renderer escapes for its own format.
 */
export type NoticeBlock =
  | { type: 'paragraph'; text: string }
  | { type: 'table'; columns: string[]; rows: string[][]; /** columns holding numbers (right-aligned) */ numeric?: number[] };

export interface NoticeDocument {
  kind: NoticeKind;
  /** e.g. 关于2026年度派驻机构考核结果的抄告单 */
  title: string;
  /** E-mail subject and chat-robot title. */
  subject: string;
  noticeNumber?: string;
  /** 区公安分局： */
  salutation: string;
  blocks: NoticeBlock[];
  /** 特此抄告。 */
  closing?: string;
  signature: { signatory: string; date: string };
  link?: string;
}
