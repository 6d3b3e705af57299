// Test support only: a small MIME reader for what nodemailer writes (no mail parser is installed).

export interface MimePart {
  headers: Map<string, string>;
  /** Decoded body (after base64 / quoted-printable). */
  body: Buffer;
  parts: MimePart[];
}

function decodeQ(text: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '_') bytes.push(0x20);
    else if (c === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c.charCodeAt(0));
  }
  return Buffer.from(bytes).toString(charset.toLowerCase() === 'utf-8' ? 'utf8' : 'latin1');
}

/** RFC 2047 encoded words (`=?UTF-8?B?…?=`), adjacent words joined without the space between them. */
export function decodeHeaderWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_m, charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQ(text, charset),
    );
}

function decodeQuotedPrintable(text: string): Buffer {
  const soft = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(soft.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

/** A header parameter, including RFC 2231 continuations (`filename*0*=utf-8''%E5…`). */
export function headerParam(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const plain = new RegExp(`;\\s*${name}="?([^";]*)"?`, 'i').exec(header);
  if (plain) return decodeHeaderWords(plain[1]);
  const pieces: Array<[number, string, boolean]> = [];
  const re = new RegExp(`;\\s*${name}\\*(\\d+)?(\\*)?="?([^";]*)"?`, 'gi');
  for (const m of header.matchAll(re)) pieces.push([Number(m[1] ?? 0), m[3], m[2] === '*' || m[1] === undefined]);
  if (pieces.length === 0) return undefined;
  pieces.sort((a, b) => a[0] - b[0]);
  const joined = pieces.map(([, v]) => v).join('');
  const encoded = pieces[0][2];
  return encoded ? decodeURIComponent(joined.replace(/^[^']*'[^']*'/, '')) : joined;
}

export function parseMime(raw: string): MimePart {
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? raw : raw.slice(0, split);
  const bodyText = split < 0 ? '' : raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const type = headers.get('content-type') ?? 'text/plain';
  if (/^multipart\//i.test(type)) {
    const boundary = headerParam(type, 'boundary')!;
    const sections = bodyText.split(`--${boundary}`).slice(1);
    const parts = sections
      .filter((s) => !s.startsWith('--'))
      .map((s) => parseMime(s.replace(/^\r\n/, '').replace(/\r\n$/, '')));
    return { headers, body: Buffer.alloc(0), parts };
  }
  const cte = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const body =
    cte === 'base64'
      ? Buffer.from(bodyText.replace(/\s+/g, ''), 'base64')
      : cte === 'quoted-printable'
        ? decodeQuotedPrintable(bodyText)
        : Buffer.from(bodyText, 'utf8');
  return { headers, body, parts: [] };
}

/** Every leaf part, depth first. */
export function leafParts(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leafParts);
}
