import { Readable } from 'node:stream';
import multer from 'multer';
import { parsePlainMultipart } from './upload.interceptor';

const LIMITS = { fileSize: 1000, fields: 3 };
const B = '----form1234';
const CT = `multipart/form-data; boundary=${B}`;
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

/** What multer (memory storage, the same limits, as FileInterceptor runs it) makes of a body. */
function viaMulter(contentType: string, body: Buffer, field = 'report'): Promise<{ body?: Record<string, unknown>; file?: any; error?: string }> {
  const req: any = Object.assign(Readable.from([body]), { headers: { 'content-type': contentType, 'content-length': String(body.length) } });
  return new Promise((resolve) => {
    multer({ storage: multer.memoryStorage(), limits: { ...LIMITS, files: 1 } }).single(field)(req, {} as any, (err?: any) => {
      resolve(err ? { error: err.code ?? err.message } : { body: { ...req.body }, file: req.file });
    });
  });
}

const part = (headers: string, content: string | Buffer) => Buffer.concat([Buffer.from(`--${B}\r\n${headers}\r\n\r\n`), Buffer.from(content), Buffer.from('\r\n')]);
const form = (...parts: Buffer[]) => Buffer.concat([...parts, Buffer.from(`--${B}--\r\n`)]);
const field = (name: string, value: string) => part(`Content-Disposition: form-data; name="${name}"`, value);
const file = (name: string, filename: string, content: Buffer, type = 'application/pdf') =>
  part(`Content-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}`, content);
const utf8Name = Buffer.from('年度工作总结.pdf').toString('latin1'); // as a browser sends it: its UTF-8 bytes

const plain: [string, Buffer][] = [
  ['fields and the report', form(field('scores', '{"a":"8"}'), field('justifications', '{"a":"年度工作"}'), file('report', 'report.pdf', PDF))],
  ['a UTF-8 file name', form(file('report', utf8Name, PDF))],
  ['no file', form(field('scores', '{}'))],
  ['a file without a type', form(part('Content-Disposition: form-data; name="report"; filename="r.pdf"', PDF))],
  ['a file holding the boundary text', form(file('report', 'r.pdf', Buffer.from(`x--${B}y`)))],
  ['no final CRLF', Buffer.concat([field('scores', '{}'), Buffer.from(`--${B}--`)])],
];

const odd: [string, Buffer, string?][] = [
  ['two files', form(file('report', 'a.pdf', PDF), file('report', 'b.pdf', PDF))],
  ['another file field', form(file('document', 'a.pdf', PDF))],
  ['a file over the limit', form(file('report', 'big.pdf', Buffer.alloc(1001, 32)))],
  ['too many fields', form(field('a', '1'), field('b', '2'), field('c', '3'), field('d', '4'))],
  ['a repeated field', form(field('a', '1'), field('a', '2'))],
  ['a nested field name', form(field('scores[a]', '1'))],
  ['an escaped name', form(field('a%22b', '1'))],
  ['a path in the file name', form(file('report', '../../x.pdf', PDF))],
  ['an empty file name', form(part('Content-Disposition: form-data; name="report"; filename=""\r\nContent-Type: application/pdf', PDF))],
  ['a file name ..', form(file('report', '..', PDF))],
  ['filename*', form(part(`Content-Disposition: form-data; name="report"; filename*=UTF-8''%E5%B9%B4.pdf`, PDF))],
  ['a field with a charset', form(part('Content-Disposition: form-data; name="a"\r\nContent-Type: text/plain; charset=gbk', 'x'))],
  ['a type with a parameter', form(file('report', 'r.pdf', PDF, 'application/pdf; x=1'))],
  ['an unquoted name', form(part('Content-Disposition: form-data; name=a', 'x'))],
  ['a preamble', Buffer.concat([Buffer.from('hello\r\n'), form(field('a', '1'))])],
  ['an epilogue', Buffer.concat([form(field('a', '1')), Buffer.from('bye')])],
  ['broken', Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nname\r\n`)],
  ['__proto__', form(field('__proto__', '1'))],
  ['a quoted boundary', form(field('a', '1')), `multipart/form-data; boundary="${B}"`],
];

describe('parsePlainMultipart', () => {
  it.each(plain)('takes %s, with exactly what multer gives', async (_what, body) => {
    const fast = parsePlainMultipart(CT, body, 'report', LIMITS);
    expect(fast).not.toBeNull();
    const slow = await viaMulter(CT, body);
    expect(slow.error).toBeUndefined();
    expect({ ...fast!.body }).toEqual(slow.body);
    expect(fast!.file).toEqual(slow.file);
  });

  it.each(odd)('leaves %s to multer', (_what, body, contentType = CT) => {
    expect(parsePlainMultipart(contentType, body, 'report', LIMITS)).toBeNull();
  });

  it('gives a body without a prototype, as multer does', () => {
    const fast = parsePlainMultipart(CT, form(field('a', '1')), 'report', LIMITS)!;
    expect(Object.getPrototypeOf(fast.body)).toBeNull();
  });
});
