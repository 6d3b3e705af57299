import { readFileSync } from 'node:fs';

/**
 * Noto Sans SC from npm, resolved through Node's module resolution so it is found from any cwd
 * (tests, `dist/`, a worker started elsewhere) and never depends on fonts installed on the machine.
 */
export const CJK_FONT_MODULE = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';

let cached: Buffer | undefined;

export function cjkFontPath(): string {
  return require.resolve(CJK_FONT_MODULE);
}

/** The 10.5 MB TTF, read once per process; pdfkit embeds only the glyphs a document uses. */
export function cjkFontData(): Buffer {
  cached ??= readFileSync(cjkFontPath());
  return cached;
}
