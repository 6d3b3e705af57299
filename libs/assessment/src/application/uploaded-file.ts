/**
 * Uploaded documents (the annual work report, a recognition's evidence), recognised by their bytes (magic numbers),
 * never by their names.
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '../domain';

export interface CheckedFile {
  name: string;
  mime: string;
  size: number;
  sha256: string;
}

type FileType = { mime: string; ext: string };

const PDF = Buffer.from('%PDF-');
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const startsWith = (buffer: Buffer, magic: Buffer) => buffer.subarray(0, magic.length).equals(magic);

export function detectReportType(buffer: Buffer): FileType | null {
  if (startsWith(buffer, PDF)) return { mime: 'application/pdf', ext: 'pdf' };
  if (startsWith(buffer, OLE)) return { mime: 'application/msword', ext: 'doc' };
  // a DOCX is a ZIP whose parts include word/document.xml (an XLSX or plain ZIP is refused)
  if (startsWith(buffer, ZIP) && buffer.includes('word/')) {
    return { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx' };
  }
  return null;
}

/** Evidence of a recognition: a document as for the report, or a photo or scan of the certificate. */
export function detectEvidenceType(buffer: Buffer): FileType | null {
  if (startsWith(buffer, JPEG)) return { mime: 'image/jpeg', ext: 'jpg' };
  if (startsWith(buffer, PNG)) return { mime: 'image/png', ext: 'png' };
  return detectReportType(buffer);
}

export const REPORT_MIME_TYPES = ['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/msword'];
export const EVIDENCE_MIME_TYPES = ['image/jpeg', 'image/png', ...REPORT_MIME_TYPES];

function checkFile(field: string, name: string, buffer: Buffer, maxBytes: number, detect: (b: Buffer) => FileType | null, expected: string): CheckedFile {
  if (buffer.length === 0) throw new ValidationError(field, 'the file is empty');
  if (buffer.length > maxBytes) throw new ValidationError(field, `the file is larger than ${Math.floor(maxBytes / 1048576)} MB`);
  const type = detect(buffer);
  if (!type) throw new ValidationError(field, `the content is not ${expected}`);
  return { name: name.slice(0, 255) || `${field}.${type.ext}`, mime: type.mime, size: buffer.length, sha256: createHash('sha256').update(buffer).digest('hex') };
}

export function checkReport(name: string, buffer: Buffer, maxBytes: number): CheckedFile {
  return checkFile('report', name, buffer, maxBytes, detectReportType, 'a PDF, DOCX or DOC document');
}

export function checkEvidence(name: string, buffer: Buffer, maxBytes: number): CheckedFile {
  return checkFile('evidenceFile', name, buffer, maxBytes, detectEvidenceType, 'a PDF, DOCX, DOC, JPEG or PNG file');
}
