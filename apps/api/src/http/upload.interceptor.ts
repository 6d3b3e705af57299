/**
 * FileInterceptor (multer) with a fast path for the usual upload: a small multipart body is read whole, and when it
 * is plainly formed — what browsers and HTTP clients send: `Content-Disposition: form-data; name="…"` parts with
 * quoted names, at most one file, in the field the route expects, nothing over a limit — it is split here with
 * Buffer.indexOf, which costs a fraction of what multer and busboy cost a small request (a tenth of a submit's CPU).
 * Whatever is not plainly formed (other header forms, encoded or nested names, duplicates, limits reached, a broken
 * body) goes to multer as before, fed from the bytes already read, so it answers (and refuses) exactly as it did:
 * the fast path only takes bodies for which multer's result is known, and gives the same req.body and req.file.
 */
import { CallHandler, ExecutionContext, Inject, mixin, NestInterceptor, Optional, Type } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { MulterModuleOptions } from '@nestjs/platform-express';
import { Observable } from 'rxjs';

/** @nestjs/platform-express's token for MulterModule's options (not exported by name). */
const MULTER_MODULE_OPTIONS = 'MULTER_MODULE_OPTIONS';
/** Bodies up to the file limit and this much more are read whole first; larger ones stream to multer. */
const FIELDS_ALLOWANCE = 64 * 1024;
/** busboy's defaults: a field name up to 100 bytes, a field value up to 1 MiB. */
const MAX_NAME_BYTES = 100;
const MAX_FIELD_BYTES = 1024 * 1024;
const READ = Symbol('multipart body read');

const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');
const DISPOSITION = /^content-disposition: form-data; name="([^"\\%\r\n[\]]+)"(?:; filename="([^"\\%\r\n/]+)")?$/i;
const CONTENT_TYPE = /^content-type: ([a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+)$/i;
const BOUNDARY = /^multipart\/form-data; ?boundary=([0-9A-Za-z'()+_,./:=?-]{1,70})$/i;
const NOT_A_NAME = new Set(['__proto__', 'constructor', 'prototype']);

export interface ParsedUpload {
  body: Record<string, string>;
  file?: { fieldname: string; originalname: string; encoding: string; mimetype: string; buffer: Buffer; size: number };
}

/**
 * The fields and the file of a plainly formed multipart body, as multer (memory storage) would give them; null for
 * anything else (multer then decides).
 */
export function parsePlainMultipart(contentType: string, body: Buffer, field: string, limits: { fileSize: number; fields: number }): ParsedUpload | null {
  const boundary = BOUNDARY.exec(contentType)?.[1];
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary}`);
  const next = Buffer.from(`\r\n--${boundary}`);
  if (body.indexOf(delimiter) !== 0) return null; // a preamble: multer's
  const out: ParsedUpload = { body: Object.create(null) };
  let fields = 0;
  let pos = delimiter.length;
  for (;;) {
    // after a delimiter: "--" ends the body (nothing but a CRLF may follow), CRLF starts a part
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) {
      const rest = body.length - (pos + 2);
      return rest === 0 || (rest === 2 && body.indexOf(CRLF, pos + 2) === pos + 2) ? out : null;
    }
    if (body.indexOf(CRLF, pos) !== pos) return null;
    const headersStart = pos + 2;
    const headersEnd = body.indexOf(HEADERS_END, headersStart);
    if (headersEnd < 0) return null;
    const contentEnd = body.indexOf(next, headersEnd + 4);
    if (contentEnd < 0) return null;
    const content = body.subarray(headersEnd + 4, contentEnd);
    pos = contentEnd + next.length;
    // busboy reads header parameters as latin1 (multer's file names too: a UTF-8 name arrives as its bytes)
    const [disposition, type, ...more] = body.toString('latin1', headersStart, headersEnd).split('\r\n');
    if (more.length) return null;
    const d = DISPOSITION.exec(disposition);
    if (!d) return null;
    const [, name, filename] = d;
    if (filename === '.' || filename === '..') return null; // busboy makes them '' (no file): multer's
    if (Buffer.byteLength(name, 'latin1') > MAX_NAME_BYTES || NOT_A_NAME.has(name)) return null;
    if (filename === undefined) {
      if (type !== undefined || name in out.body || ++fields > limits.fields || content.length > MAX_FIELD_BYTES) return null;
      out.body[name] = content.toString('utf8');
    } else {
      const mimetype = type === undefined ? 'text/plain' : CONTENT_TYPE.exec(type)?.[1]; // busboy's default type
      if (!mimetype || mimetype !== mimetype.toLowerCase() || name !== field || out.file || content.length > limits.fileSize) return null;
      // a copy: the body's buffer is let go, the file may be kept
      const buffer = Buffer.from(content);
      out.file = { fieldname: name, originalname: filename, encoding: '7bit', mimetype, buffer, size: buffer.length };
    }
  }
}

/** `@UseInterceptors(UploadInterceptor('report'))` where `FileInterceptor('report')` was. */
export function UploadInterceptor(field: string): Type<NestInterceptor> {
  // multer reads the bytes already read, when there are any, instead of the request
  const Multer = FileInterceptor(field, {
    streamHandler: (req: any, busboy: NodeJS.WritableStream) => (req[READ] ? busboy.end(req[READ]) : req.pipe(busboy)),
  } as MulterModuleOptions);

  class Upload extends (Multer as Type<NestInterceptor>) implements NestInterceptor {
    /** The module's limits; without a file size limit (or with limits per request) every body goes to multer. */
    private readonly limits: { fileSize: number; fields: number } | undefined;

    constructor(@Optional() @Inject(MULTER_MODULE_OPTIONS) options: Record<string, any> = {}) {
      super(options);
      const limits = options.limits;
      this.limits = typeof limits?.fileSize === 'number' ? { fileSize: limits.fileSize, fields: limits.fields ?? Infinity } : undefined;
    }

    override async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = ctx.switchToHttp().getRequest();
      const contentType: string = req.headers['content-type'] ?? '';
      const length = Number(req.headers['content-length']);
      const limits = this.limits;
      if (limits && /^multipart\/form-data/i.test(contentType) && length > 0 && length <= limits.fileSize + FIELDS_ALLOWANCE && !req[READ]) {
        const body = await readBody(req);
        const parsed = body.length === length ? parsePlainMultipart(contentType, body, field, limits) : null;
        if (parsed) {
          req.body = parsed.body;
          if (parsed.file) req.file = parsed.file;
          return next.handle();
        }
        req[READ] = body;
      }
      return super.intercept(ctx, next) as Promise<Observable<unknown>>;
    }
  }
  return mixin(Upload);
}

/** The bytes the request brings (all of them; fewer when it ends short or fails: multer then refuses what it got). */
function readBody(req: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const done = () => {
      req.removeListener('data', onData);
      req.removeListener('end', done);
      req.removeListener('error', done);
      req.removeListener('close', done);
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => void chunks.push(chunk);
    req.on('data', onData);
    req.on('end', done);
    req.on('error', done);
    req.on('close', done);
  });
}
