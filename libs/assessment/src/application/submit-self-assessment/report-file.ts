/**
 * The annual work report: PDF, DOCX or DOC, recognised by its bytes (magic numbers), never by its name.
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '../../domain';

export interface CheckedReport {
  name: string;
  mime: string;
  size: number;
  sha256: string;
}

const PDF = Buffer.from('%PDF-');
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export function detectReportType(buffer: Buffer): { mime: string; ext: string } | null {
  if (buffer.subarray(0, PDF.length).equals(PDF)) return { mime: 'application/pdf', ext: 'pdf' };
  if (buffer.subarray(0, OLE.length).equals(OLE)) return { mime: 'application/msword', ext: 'doc' };
  // a DOCX is a ZIP whose parts include word/document.xml (an XLSX or plain ZIP is refused)
  if (buffer.subarray(0, ZIP.length).equals(ZIP) && buffer.includes('word/')) {
    return { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx' };
  }
  return null;
}

export function checkReport(name: string, buffer: Buffer, maxBytes: number): CheckedReport {
  if (buffer.length === 0) throw new ValidationError('report', 'the file is empty');
  if (buffer.length > maxBytes) throw new ValidationError('report', `the file is larger than ${Math.floor(maxBytes / 1048576)} MB`);
  const type = detectReportType(buffer);
  if (!type) throw new ValidationError('report', 'the content is not a PDF, DOCX or DOC document');
  return { name: name.slice(0, 255) || `report.${type.ext}`, mime: type.mime, size: buffer.length, sha256: createHash('sha256').update(buffer).digest('hex') };
}
