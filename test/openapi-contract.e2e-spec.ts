/**
 * The API contract the web console's generated client rests on, read from the document the running app serves
 * at /docs-json: every operation declares its path parameters, a typed success answer (a schema, no content, or
 * a file of a named content type) and its error responses with the one error body.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { PassDeadlineCommand } from '@app/assessment';
import { SYSTEM_ACTOR } from '@app/platform';
import { createTestApp, SAMPLE_PDF, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';

type Operation = { parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[]; responses?: Record<string, Response> };
type Response = { content?: Record<string, { schema?: Record<string, unknown> }>; $ref?: string };

const VERBS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const ERROR_BODY = '#/components/schemas/ErrorBodyDto';

let t: TestApp;
let s: SeededSubdistrict;
let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

beforeAll(async () => {
  t = await createTestApp({ withWorker: false });
  doc = (await t.http.get('/docs-json').expect(200)).body;
  s = await seedSubdistrict(t.db.dataSource, {
    reachableDepartments: true,
    stations: [
      { name: '城东派出所', kind: 'independent', department: '区公安分局', staff: ['张建国', '李明'] },
      { name: '城东司法所', kind: 'regional', department: '区司法局', staff: ['赵敏'] },
    ],
  });
});
afterAll(async () => {
  await t?.close();
});

function operations(): { id: string; route: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([route, item]) =>
    Object.entries(item).filter(([verb]) => VERBS.includes(verb)).map(([verb, op]) => ({ id: `${verb.toUpperCase()} ${route}`, route, op })));
}

/** Why an operation breaks the contract (empty when it keeps it). */
function contractProblems(route: string, op: Operation): string[] {
  const problems: string[] = [];
  const declared = new Set((op.parameters ?? []).filter((p) => p.in === 'path' && p.required).map((p) => p.name));
  for (const [, name] of route.matchAll(/\{([^}]+)\}/g)) if (!declared.has(name)) problems.push(`path parameter {${name}} is not declared`);
  const responses = op.responses ?? {};
  const ok = Object.entries(responses).filter(([status]) => /^2\d\d$/.test(status));
  if (!ok.length) problems.push('no 2xx response');
  for (const [status, res] of ok) {
    if (status === '204') continue;
    const content = Object.entries(res.content ?? {});
    if (!content.length) problems.push(`${status} declares no content (a schema, or a file with its content type)`);
    for (const [type, media] of content) {
      const schema = media.schema ?? {};
      const typed = '$ref' in schema || ('type' in schema && (schema.type !== 'object' || 'properties' in schema)) || 'allOf' in schema || 'oneOf' in schema;
      if (!typed) problems.push(`${status} ${type} has no typed schema`);
      if (type === 'application/json' && schema.type === 'string' && schema.format === 'binary') problems.push(`${status} is a file but declares application/json`);
    }
  }
  const errors = Object.entries(responses).filter(([status]) => /^4\d\d$/.test(status));
  if (!errors.some(([status]) => status.startsWith('4'))) problems.push('no error response');
  for (const [status, res] of errors) {
    const ref = res.content?.['application/json']?.schema?.$ref;
    if (ref !== ERROR_BODY) problems.push(`${status} does not use the error body (ErrorBodyDto)`);
  }
  return problems;
}

describe('the OpenAPI contract', () => {
  it('the check itself refuses an operation without path parameters, answer or errors', () => {
    expect(contractProblems('/x/{id}', { responses: { 200: { description: 'OK' } as Response } })).toEqual([
      'path parameter {id} is not declared', '200 declares no content (a schema, or a file with its content type)', 'no error response',
    ]);
    expect(contractProblems('/x/{id}', {
      parameters: [{ name: 'id', in: 'path', required: true }],
      responses: { 204: {}, 404: { content: { 'application/json': { schema: { $ref: ERROR_BODY } } } } },
    })).toEqual([]);
    expect(contractProblems('/x', { responses: { 200: { content: { 'application/json': { schema: { type: 'object' } } } }, 400: {} } }))
      .toEqual(['200 application/json has no typed schema', '400 does not use the error body (ErrorBodyDto)']);
  });

  it('every operation declares its path parameters, a typed answer and its errors with the one error body', () => {
    const broken = Object.fromEntries(operations().map(({ id, route, op }) => [id, contractProblems(route, op)]).filter(([, p]) => p.length));
    expect(broken).toEqual({});
    expect(operations().length).toBeGreaterThan(80);
  });

  it('the committed client schema (apps/web/src/api/openapi.d.ts) is what the running app serves, generated as `npm run api:schema` does', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-'));
    try {
      fs.writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(doc, null, 2) + '\n');
      execFileSync(process.execPath, [path.resolve(__dirname, '../node_modules/openapi-typescript/bin/cli.js'), 'openapi.json', '-o', 'openapi.d.ts'], { cwd: dir, stdio: 'pipe' });
      const served = fs.readFileSync(path.join(dir, 'openapi.d.ts'), 'utf8');
      const committed = fs.readFileSync(path.resolve(__dirname, '../apps/web/src/api/openapi.d.ts'), 'utf8');
      // on a difference: run `npm run api:schema` and commit apps/web/src/api/openapi.d.ts
      expect(committed === served ? 'same' : firstDifference(committed, served)).toBe('same');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no two DTO classes share a name (the document keys schemas by class name: one would silently replace the other)', () => {
    const names = new Map<string, string[]>();
    const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path.join(dir, e.name)] : []));
    for (const file of walk(path.resolve(__dirname, '../apps/api/src'))) {
      for (const [, name] of fs.readFileSync(file, 'utf8').matchAll(/^export class (\w+Dto)\b/gm)) names.set(name, [...(names.get(name) ?? []), file]);
    }
    expect([...names].filter(([, files]) => files.length > 1)).toEqual([]);
  });

  it('the error body is {code, message, details: [{field, reason}]}', () => {
    expect(doc.components.schemas.ErrorBodyDto).toMatchObject({
      required: expect.arrayContaining(['code', 'message', 'details']),
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'array' } },
    });
  });

  it('real answers have the declared shapes (no undeclared field, no null where none is declared)', async () => {
    const sd = `/subdistricts/${s.id}`;
    const year = `${sd}/years/2026`;
    const station = `${year}/stations/${s.stations[0].id}`;
    const { coordinator, command_room, admin, leader } = s.users;
    const stationUser = s.stations[0].user;
    t.clock.set('2026-12-02T09:00:00+08:00');
    const calls: [string, string, { id: string }, unknown?][] = [
      ['post', `${sd}/years`, coordinator, { year: 2026 }],
      ['post', `${year}/self-assessment-window`, coordinator],
      ['put', `${station}/months/3/special`, command_room, {
        meetingsHeld: 4, meetingsAttended: 4, workOrders: { received: 2, onTime: 2, overdue: 0, returnedForShirking: 0, falsified: 0 },
        complaints: 0, satisfaction: { surveyed: 3, satisfied: 3 } }],
      ['put', `${station}/self-assessment`, stationUser, { scores: { serveCentre: '9' }, justifications: { serveCentre: '说明' } }],
      ['post', `${station}/recognitions`, coordinator, { level: 'city', title: '经验推广', issuer: '舟山市', recognisedOn: '2026-06-01', evidence: '简报' }],
      ['get', `${year}`, coordinator], ['get', station, stationUser], ['get', `${station}/months`, stationUser],
      ['get', `${station}/self-assessment`, stationUser], ['get', `${station}/scores`, coordinator], ['get', `${year}/board`, coordinator],
      ['get', '/me/todo', coordinator], ['get', '/me/todo', stationUser], ['get', '/me/todo', admin], ['get', '/me/todo', leader],
      ['get', '/auth/me', stationUser], ['get', '/inbox', coordinator], ['get', '/policies', coordinator], ['get', '/policies/2021-trial', coordinator],
      ['get', '/subdistricts', admin], ['get', `${sd}/stations`, admin], ['get', `${sd}/staff`, admin], ['get', `${sd}/departments`, admin],
      ['get', `${sd}/users`, admin], ['get', `${sd}/audit`, coordinator], ['get', `${year}/dashboard`, leader], ['get', `${year}/decisions`, leader],
      ['get', `${sd}/deliveries`, coordinator], ['get', '/calendar/years', admin], ['get', '/health', admin],
    ];
    const problems: string[] = [];
    /** One request, its answer checked against the schema the document declares for its status. */
    const check = async (verb: string, url: string, user: { id: string }, body?: unknown, upload?: Record<string, string>) => {
      let req = (t.http as any)[verb](url).set(t.as(user));
      if (upload) {
        for (const [k, v] of Object.entries(upload)) req = req.field(k, v);
        req = req.attach('report', SAMPLE_PDF, { filename: '年度工作总结.pdf', contentType: 'application/pdf' });
      }
      const res = await (body === undefined ? req : req.send(body));
      const route = Object.keys(doc.paths).find((r) => new RegExp(`^${r.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(url.split('?')[0]))!;
      const schema = doc.paths[route][verb].responses?.[String(res.status)]?.content?.['application/json']?.schema;
      if (res.status >= 300) problems.push(`${verb.toUpperCase()} ${url} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
      else if (!schema) problems.push(`${verb.toUpperCase()} ${url}: status ${res.status} is not declared`);
      else problems.push(...mismatches(schema, res.body, `${verb.toUpperCase()} ${route}`));
      return res.body;
    };
    let recognitionId = '';
    for (const [verb, url, user, body] of calls) {
      const answer = await check(verb, url, user, body);
      if (url.endsWith('/recognitions')) recognitionId = answer.recognitionId;
    }
    // every month due is recorded (results are computed only then)
    const month = (calls[2] as [string, string, { id: string }, unknown])[3];
    for (const st of s.stations) {
      for (let m = 1; m <= 11; m++) {
        if (!(st.id === s.stations[0].id && m === 3)) await check('put', `${year}/stations/${st.id}/months/${m}/special`, command_room, month);
      }
    }
    // past the deadline: an extension, a late submission, scoring, results, approval, release
    t.clock.set('2027-01-01T00:00:00+08:00');
    await t.app.get(CommandBus).execute(new PassDeadlineCommand(SYSTEM_ACTOR, { subdistrictId: s.id, year: 2026 }));
    await check('post', `${station}/extension`, coordinator, { until: '2027-01-10', reason: '负责人住院' });
    const items = ['serveCentre', 'performDuties', 'workStyle', 'teamBuilding', 'platformParticipation', 'workOrders', 'satisfaction'];
    await check('post', `${station}/self-assessment/submit`, stationUser, undefined, {
      scores: JSON.stringify(Object.fromEntries(items.map((k) => [k, '8']))), justifications: JSON.stringify(Object.fromEntries(items.map((k) => [k, '说明']))),
    });
    await check('post', `${station}/recognitions/${recognitionId}/verify`, coordinator, {});
    for (const st of s.stations) {
      const url = `${year}/stations/${st.id}`;
      // 8 points each: below the suggested score (建议分) of a year without deductions, so each needs its reason
      for (const k of items.slice(0, 4)) await check('put', `${url}/scores/daily/${k}`, coordinator, { score: '8', reason: '年度工作有欠缺' });
      for (const k of items.slice(4)) await check('put', `${url}/scores/special/${k}`, command_room, { score: '8', comment: '依据四个平台数据', reason: '平台数据有欠缺' });
      await check('get', `${url}/scores`, coordinator);
      await check('post', `${url}/scores/finalise`, coordinator);
    }
    await check('put', `${station}/persons/${s.stations[0].staffIds[1]}/grade`, coordinator, { grade: 'qualified', reason: '年内病假超过半年' });
    await check('post', `${year}/results/compute`, coordinator);
    await check('get', `${year}/results`, leader);
    await check('get', `${station}/explanation`, leader);
    await check('post', `${year}/results/submit`, coordinator);
    await check('get', '/me/todo', leader);
    await check('post', `${year}/results/approve`, leader, { reason: '领导小组会议审定' });
    await check('post', `${year}/results/release`, leader, {});
    await check('get', `${station}/result`, stationUser);
    await check('get', `${year}/decisions`, leader);
    await check('get', `${year}/board`, coordinator);
    await check('post', `${year}/exports`, coordinator, { kind: 'result_table' });
    expect(problems).toEqual([]);
  });
});

type Schema = Record<string, any>;

/** Where a value departs from its schema: undeclared fields, missing required ones, wrong types, undeclared nulls. */
function mismatches(schema: Schema, value: unknown, at: string): string[] {
  if (value === null && schema.nullable) return [];
  if (schema.$ref) return mismatches(doc.components.schemas[schema.$ref.split('/').pop()] as Schema, value, at);
  if (schema.allOf) return schema.allOf.flatMap((x: Schema) => mismatches(x, value, at));
  if (value === null) return [`${at} is null but not declared nullable`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at} = ${JSON.stringify(value)} is not one of ${schema.enum.join(', ')}`];
  switch (schema.type) {
    case 'array':
      return Array.isArray(value) ? value.flatMap((v, i) => mismatches(schema.items ?? {}, v, `${at}[${i}]`)) : [`${at} is not an array`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at} = ${JSON.stringify(value)} is not an integer`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at} is not a number`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at} is not a boolean`];
    case 'string':
      return typeof value === 'string' ? [] : [`${at} = ${JSON.stringify(value)} is not a string`];
    case 'object':
    case undefined: {
      if (!schema.properties && !schema.additionalProperties) return [];
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at} is not an object`];
      const props: Record<string, Schema> = schema.properties ?? {};
      const out: string[] = [];
      for (const k of schema.required ?? []) if ((value as any)[k] === undefined) out.push(`${at}.${k} is required but missing`);
      for (const [k, v] of Object.entries(value as object)) {
        if (props[k]) out.push(...mismatches(props[k], v, `${at}.${k}`));
        else if (schema.additionalProperties) out.push(...(typeof schema.additionalProperties === 'object' ? mismatches(schema.additionalProperties, v, `${at}.${k}`) : []));
        else out.push(`${at}.${k} is not declared`);
      }
      return out;
    }
    default:
      return [];
  }
}

/** The first line where two texts differ, with its number, to say what changed in one line. */
function firstDifference(a: string, b: string): string {
  const [x, y] = [a.split('\n'), b.split('\n')];
  const i = x.findIndex((line, k) => line !== y[k]);
  const at = i < 0 ? x.length : i;
  return `line ${at + 1}: committed ${JSON.stringify(x[at] ?? '<end>')}, served ${JSON.stringify(y[at] ?? '<end>')}`;
}
