// Test support only (pdf-parse is a dev dependency): reads a PDF's text back.
import { dirname, join } from 'node:path';
import { PDFParse } from 'pdf-parse';

let workerReady = false;

/**
 * pdf.js sets up its "fake worker" with a dynamic `import()`, which Jest refuses without
 * --experimental-vm-modules. Loading the worker module ourselves first sets `globalThis.pdfjsWorker`,
 * which pdf.js then uses in-thread.
 */
function ensurePdfWorker(): void {
  if (workerReady || (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(join(dirname(require.resolve('pdf-parse')), 'pdf.worker.mjs'));
  workerReady = true;
}

export async function readPdfText(pdf: Buffer | Uint8Array): Promise<{ text: string; pages: number }> {
  ensurePdfWorker();
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return { text: result.text, pages: result.total };
  } finally {
    await parser.destroy();
  }
}
