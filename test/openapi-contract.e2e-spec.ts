/**
 * The API contract the web console's generated client rests on, read from the document the running app serves
 * at /docs-json: every operation declares its path parameters, a typed success answer (a schema, no content, or
 * a file of a named content type) and its error responses with the one error body.
 */
import { createTestApp, TestApp } from '@app/testing';

type Operation = { parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[]; responses?: Record<string, Response> };
type Response = { content?: Record<string, { schema?: Record<string, unknown> }>; $ref?: string };

const VERBS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const ERROR_BODY = '#/components/schemas/ErrorBodyDto';

let t: TestApp;
let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

beforeAll(async () => {
  t = await createTestApp({ withWorker: false });
  doc = (await t.http.get('/docs-json').expect(200)).body;
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

  it('the error body is {code, message, details: [{field, reason}]}', () => {
    expect(doc.components.schemas.ErrorBodyDto).toMatchObject({
      required: expect.arrayContaining(['code', 'message', 'details']),
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'array' } },
    });
  });

});
