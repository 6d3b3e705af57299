/**
 * A seeded generator of malformed requests for one route: wrong types, missing and unknown fields, huge strings,
 * negative/over-precise/NaN/infinite numbers, impossible dates, bad enums, malformed JSON, wrong content types,
 * oversize bodies, broken multipart uploads and bad route parameters. Every request it makes is invalid by
 * construction: at least one field has a value of a type its DTO refuses, or an unknown field, or the envelope
 * (JSON, size, parameter) is broken.
 */
import fc from 'fast-check';
import { getMetadataStorage } from 'class-validator';
import type { RouteInfo } from './routes';

export interface FuzzRequest {
  kind: string;
  /** parameter overrides (raw, already URL-safe or deliberately not) */
  params: Record<string, string>;
  contentType?: string;
  /** a raw body (string/Buffer) or a value sent as JSON */
  raw?: string | Buffer;
  json?: unknown;
  multipart?: { fields: [string, string][]; files: { field: string; name: string; content: Buffer; type: string }[] };
  headers?: Record<string, string>;
}

/** mulberry32: small, fast, seeded. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick<T>(xs: readonly T[]): T { return xs[Math.floor(next() * xs.length)]; },
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof rng>;

const HUGE = 'x'.repeat(100_000);
const NASTY_STRINGS = [
  '', ' ', '\u0000', '\u202e', '😀'.repeat(1000), HUGE, "' OR 1=1 --", '"; DROP TABLE events; --', '<script>alert(1)</script>',
  '../../../../etc/passwd', '%00', '${jndi:ldap://x}', '=HYPERLINK("http://x")', '\\', '\n\r\t', '九'.repeat(5000), 'null', 'undefined',
];
const BAD_NUMBERS = [-1, -0.5, 1e308, -1e308, 2 ** 53 + 1, 0.30000000000000004, 18.55, 9.999999999, 101, 100000001, -2147483649, 1.5];
const BAD_DATES = ['2026-02-30', '2026-13-01', '2026-00-10', '99999-01-01', '2026-1-1', '2026/01/01', 'tomorrow', '2026-12-31T25:00:00Z', '0000-00-00', '2026-02-29'];
const BAD_ENUMS = ['EXCELLENT', 'excellent ', '优秀', 'admin ', 'national2', 'ADMIN', '__proto__', 'constructor'];
const BAD_UUIDS = ['not-a-uuid', '00000000-0000-0000-0000-00000000000g', '12345', 'ffffffff-ffff-ffff-ffff-ffffffffffff-1', '{}', "'; SELECT 1; --"];
const BAD_PARAMS = [
  'not-a-uuid', '-1', '0', '1e3', '2026.5', 'NaN', 'Infinity', '９９', '%00', '%E0%A4%A', '..%2F..%2Fetc', "'%20OR%201=1",
  'x'.repeat(3000), '99999999999999999999', '%F0%9F%98%80', '13', '2026-01', '[]',
];

/** The property names of a DTO with what kind of value each needs (from class-validator's metadata). */
export function dtoShape(dto: Function | undefined): Record<string, string> {
  if (!dto) return {};
  const metas = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const shape: Record<string, string> = {};
  for (const m of metas) {
    const name = m.type === 'nestedValidation' ? 'nested' : (m.name ?? m.type);
    const rank = ['nested', 'isObject', 'isArray', 'isBoolean', 'isInt', 'isNumber', 'isIn', 'isUuid', 'isIso8601', 'matches', 'isString'];
    const cur = shape[m.propertyName];
    if (!cur || (rank.indexOf(name) !== -1 && (rank.indexOf(cur) === -1 || rank.indexOf(name) < rank.indexOf(cur)))) shape[m.propertyName] = name;
  }
  return shape;
}

/** A non-null value that a field needing `kind` certainly refuses. */
function wrongFor(kind: string, r: Rng): unknown {
  switch (kind) {
    case 'nested': return r.pick([42, 'text', true]);
    case 'isObject': return r.pick([42, 'text', true, [1, 2]]);
    case 'isArray': return r.pick([42, 'text', { a: 1 }]);
    case 'isBoolean': return r.pick(['yes', 1, 'true', {}]);
    case 'isInt': case 'isNumber': case 'min': case 'max': return r.pick(['12abc', 'NaN', {}, [], true, 1.5, -1e9, 1e12]);
    case 'isIn': return r.pick([...BAD_ENUMS, 7, {}, []]);
    case 'isUuid': return r.pick([...BAD_UUIDS, 5, {}]);
    case 'isIso8601': case 'matches': return r.pick([18, {}, [], true, -1.5]); // a pattern cannot be known here: not a string at all
    default: return r.pick([12345, {}, [], true, 1.5]); // strings and unknown kinds: not a string at all
  }
}

/** Any value at all: nasty strings, bad numbers, dates, enums, nested junk, prototype keys. */
function anyValue(r: Rng, pool: unknown[]): unknown {
  switch (r.int(7)) {
    case 0: return r.pick(NASTY_STRINGS);
    case 1: return r.pick(BAD_NUMBERS);
    case 2: return r.pick(BAD_DATES);
    case 3: return r.pick(BAD_ENUMS);
    case 4: return r.pick(BAD_UUIDS);
    case 5: return { __proto__: { isAdmin: true }, constructor: { prototype: { polluted: 1 } }, nested: [[[{}]]] };
    default: return r.pick(pool);
  }
}

/** JSON texts the body parser refuses: syntax errors, and scalars (strict mode takes only objects and arrays). */
const MALFORMED_JSON = [
  '{"score": NaN}', '{"score": Infinity}', '{', '{"a":1,}', "{'a':1}", '[1,2', '"just a string"', 'null', '123', 'true', '\u0000',
  '{"a":' + '['.repeat(5000) + ']'.repeat(5000), '{"a":"\\x"}', '\uFEFF\uFEFF{"a":1}',
];
/** Raw JSON texts that JSON.stringify cannot produce (for routes with a DTO: each names a field the DTO does not have, or is refused). */
const RAW_JSON = [
  ...MALFORMED_JSON, '{"year": 1e400}', '{"version": 1.0000000000000001, "__x": 1}', '[]', '[{}]', '{"__proto__":{"polluted":true}}',
  '{"a":"\\ud800"}', '{"deductions":[' + '{},'.repeat(5000) + '{}]}', '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
  '{"score": 1e400, "zz": 1}', '{"reason": "\\u0000", "zz": 1}',
];

/** A generated pool of arbitrary JSON values from fast-check (deterministic for a seed). */
export function valuePool(seed: number): unknown[] {
  return fc.sample(fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.double(), fc.date({ noInvalidDate: false })), { seed, numRuns: 400 });
}

export function generate(route: RouteInfo, r: Rng, pool: unknown[], oversize: boolean): FuzzRequest {
  const shape = dtoShape(route.bodyType);
  const props = Object.keys(shape);
  const badParam = (): Record<string, string> => {
    const p = route.params.filter((x) => x !== 'itemKey' || r.chance(0.5));
    if (!p.length) return {};
    return { [r.pick(p)]: r.pick(BAD_PARAMS) };
  };
  if (oversize) return { kind: 'oversize', params: {}, contentType: 'application/json', raw: JSON.stringify({ reason: 'x'.repeat(2.2 * 1024 * 1024) }) };
  if (route.multipart) return multipartCase(route, r, pool, badParam);
  const kinds = route.bodyType
    ? ['wrong-type', 'wrong-type', 'wrong-type', 'missing+wrong', 'unknown-field', 'huge-strings', 'raw-json', 'wrong-content-type', 'top-level', 'bad-param', 'long-idempotency-key']
    : route.readsBody
      ? ['raw-json', 'top-level', 'bad-param', 'random-object']
      : ['raw-json', 'bad-param', 'bad-param'];
  let kind = r.pick(kinds);
  if (kind === 'bad-param' && !route.params.length) kind = 'raw-json';
  const body: Record<string, unknown> = {};
  for (const p of props) if (r.chance(0.6)) body[p] = anyValue(r, pool);
  const guaranteed = () => {
    if (!props.length) { body[`unknown_${r.int(1000)}`] = anyValue(r, pool); return; }
    const p = r.pick(props);
    body[p] = wrongFor(shape[p], r);
  };
  switch (kind) {
    case 'wrong-type':
      guaranteed();
      return { kind, params: {}, json: body };
    case 'missing+wrong':
      for (const p of props) if (r.chance(0.5)) delete body[p];
      guaranteed();
      return { kind, params: {}, json: body };
    case 'unknown-field':
      body[r.pick(['isAdmin', 'role', 'subdistrictId', 'actorId', 'tenths', 'state', 'version_', '$where', 'a'.repeat(300)])] = anyValue(r, pool);
      return { kind, params: {}, json: body };
    case 'huge-strings': {
      for (const p of props) body[p] = r.chance(0.5) ? HUGE : r.pick(NASTY_STRINGS);
      guaranteed();
      return { kind, params: {}, json: body };
    }
    case 'raw-json':
      return { kind, params: {}, contentType: 'application/json', raw: r.pick(route.bodyType ? RAW_JSON : MALFORMED_JSON) };
    case 'wrong-content-type': {
      guaranteed();
      const ct = r.pick(['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=zzz', 'application/json; charset=latin9', 'image/png']);
      const raw = ct.startsWith('application/x-www') ? 'score[$gt]=1&reason[]=a&reason[]=b&__proto__[x]=1' : JSON.stringify(body);
      return { kind, params: {}, contentType: ct, raw };
    }
    case 'top-level':
      return { kind, params: {}, json: r.pick([[], [body], 'text', 42, true] as unknown[]) };
    case 'random-object':
      return { kind, params: {}, json: { [`k${r.int(100)}`]: anyValue(r, pool), ...(r.chance(0.5) ? { year: 'twenty' } : {}) } };
    case 'long-idempotency-key':
      guaranteed();
      return { kind, params: {}, json: body, headers: { 'Idempotency-Key': 'k'.repeat(201 + r.int(5000)) } };
    case 'bad-param':
    default: {
      guaranteed();
      return { kind: 'bad-param', params: badParam(), json: body };
    }
  }
}

function multipartCase(route: RouteInfo, r: Rng, pool: unknown[], badParam: () => Record<string, string>): FuzzRequest {
  const fileField = route.path.endsWith('/submit') ? 'report' : 'file';
  const junk = Buffer.from(Array.from({ length: 1 + r.int(4000) }, () => r.int(256)));
  const notPdf = Buffer.from('<html><body>this is not a pdf</body></html>');
  const kind = r.pick(['no-file', 'junk-file', 'wrong-field', 'two-files', 'bad-json-fields', 'extra-fields', 'not-multipart', 'bad-param', 'broken-multipart', 'file-too-large']);
  switch (kind) {
    case 'no-file':
      return { kind, params: {}, multipart: { fields: [['scores', '{}']], files: [] } };
    case 'junk-file':
      return { kind, params: {}, multipart: { fields: [], files: [{ field: fileField, name: r.pick(['report.pdf', 'stations.xlsx', 'staff.csv', '../../x.pdf', '']) || 'a', content: r.chance(0.5) ? junk : notPdf, type: r.pick(['application/pdf', 'text/csv', 'application/octet-stream']) }] } };
    case 'wrong-field':
      return { kind, params: {}, multipart: { fields: [], files: [{ field: 'document', name: 'x.pdf', content: junk, type: 'application/pdf' }] } };
    case 'two-files':
      return { kind, params: {}, multipart: { fields: [], files: [{ field: fileField, name: 'a.pdf', content: junk, type: 'application/pdf' }, { field: fileField, name: 'b.pdf', content: junk, type: 'application/pdf' }] } };
    case 'bad-json-fields':
      return { kind, params: {}, multipart: { fields: [['scores', r.pick(['{', '[]', '"x"', 'null', '{"serveCentre":"abc"}', HUGE])], ['justifications', String(anyValue(r, pool))]], files: [{ field: fileField, name: 'r.pdf', content: notPdf, type: 'application/pdf' }] } };
    case 'extra-fields':
      return { kind, params: {}, multipart: { fields: Array.from({ length: 1 + r.int(15) }, (_, i) => [`f${i}`, 'v'] as [string, string]), files: [] } };
    case 'not-multipart':
      return { kind, params: {}, json: { scores: { serveCentre: 'x' }, file: 'not a file' } };
    case 'broken-multipart':
      return { kind, params: {}, contentType: 'multipart/form-data; boundary=----X', raw: '------X\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nname\r\n' };
    case 'file-too-large':
      return { kind, params: {}, multipart: { fields: [], files: [{ field: fileField, name: 'big.pdf', content: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(21 * 1024 * 1024, 32)]), type: 'application/pdf' }] } };
    case 'bad-param':
    default:
      return { kind: 'bad-param', params: badParam(), multipart: { fields: [], files: [{ field: fileField, name: 'a.pdf', content: junk, type: 'application/pdf' }] } };
  }
}
