// The minimal shape of a rubric that the forms need. The policy library's rubric JSON satisfies it
// structurally; nothing is imported from it. Maxima, cap and level points are whole points, as in the policy
// (服务中心 10, 创新工作附加 10分为限); scores are integer tenths.

export interface LocalisedText {
  zh: string;
  en?: string;
}

export interface RubricItemForExport {
  key: string;
  label: LocalisedText;
  max: number;
  description?: { zh: string };
}

export interface RubricPartForExport {
  key: string;
  label: LocalisedText;
  max: number;
  items: readonly RubricItemForExport[];
}

export interface RubricForExport {
  version: string;
  title?: LocalisedText;
  parts: readonly RubricPartForExport[];
  innovation: {
    label: LocalisedText;
    cap: number;
    levels: readonly { key: string; label: LocalisedText; points: number }[];
  };
}

/** Key under which an innovation (创新工作附加) score is passed in a scores record, beside the item keys. */
export const INNOVATION_SCORE_KEY = 'innovation';

/** Scores by item key (and INNOVATION_SCORE_KEY), in integer tenths. */
export type ScoresByItem = Readonly<Record<string, number | undefined>>;
export type TextByItem = Readonly<Record<string, string | undefined>>;
