/**
 * The OpenAPI description shows an example for every request body, parameter and
 * answer, and each example is valid against the schema beside it: a schema change
 * that makes an example wrong fails here. Examples come from a generator (so a new
 * route has them without anyone writing one) and, for the main bodies and the error
 * answers, from src/server/http/openapi-examples.ts.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../src/server/app.ts';
import { FakeClock } from '../../src/server/clock.ts';
import { testConfig } from '../../src/server/config.ts';
import { fromPattern, HANDWRITTEN } from '../../src/server/http/openapi-examples/index.ts';
import { errorResponses } from '../../src/server/http/openapi.ts';
import { castOfStaff, startHarness, type Cast, type Harness } from '../support/harness.ts';

type Schema = Record<string, unknown>;
interface Media {
  schema?: Schema;
  example?: unknown;
}
interface Operation {
  summary?: string;
  parameters?: { name: string; in: string; schema?: Schema; example?: unknown }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
}
interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
}

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * OpenAPI 3.0 schema → JSON Schema for ajv: `nullable` becomes a null type (and a null
 * in any enum), boolean exclusive bounds become numeric ones, `example` is dropped.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isObject(node)) return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'example' || k === 'nullable' || k.startsWith('x-')) continue;
    out[k] = k === 'properties' && isObject(v) ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, toJsonSchema(s)])) : toJsonSchema(v);
  }
  // OpenAPI 3.0's boolean exclusive bounds are JSON Schema's numeric ones.
  for (const [bound, exclusive] of [['minimum', 'exclusiveMinimum'], ['maximum', 'exclusiveMaximum']] as const) {
    if (out[exclusive] === true) out[exclusive] = out[bound];
    if (out[exclusive] === out[bound] || out[exclusive] === false) Reflect.deleteProperty(out, out[exclusive] === false ? exclusive : bound);
  }
  if (node.nullable !== true) return out;
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
  if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'] };
  return { anyOf: [out, { type: 'null' }] };
}

const ajv = new Ajv({ strict: false, allErrors: true });
((formats as unknown as { default?: typeof formats }).default ?? formats)(ajv);
function validator(schema: Schema | undefined): ValidateFunction {
  return ajv.compile((toJsonSchema(schema ?? {}) as Schema));
}

interface Exemplified {
  where: string;
  schema: Schema | undefined;
  example: unknown;
  present: boolean;
  status?: string;
}

/** Every place of an operation that should carry an example. */
function places(path: string, method: string, op: Operation): Exemplified[] {
  const out: Exemplified[] = [];
  const at = `${method.toUpperCase()} ${path}`;
  for (const [mediaType, media] of Object.entries(op.requestBody?.content ?? {})) {
    out.push({ where: `${at} body (${mediaType})`, schema: media.schema, example: media.example, present: 'example' in media });
  }
  for (const p of op.parameters ?? []) {
    out.push({ where: `${at} ${p.in} parameter ${p.name}`, schema: p.schema, example: p.example, present: 'example' in p });
  }
  for (const [status, response] of Object.entries(op.responses)) {
    for (const [mediaType, media] of Object.entries(response.content ?? {})) {
      out.push({ where: `${at} ${status} (${mediaType})`, schema: media.schema, example: media.example, present: 'example' in media, status });
    }
  }
  return out;
}

function operations(doc: OpenApiDoc): [string, string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([m, op]) => [path, m, op] as [string, string, Operation]));
}

/** What is wrong with the examples of a description: missing ones, invalid ones, error answers without the error shape. */
function problemsOf(doc: OpenApiDoc): string[] {
  const problems: string[] = [];
  for (const [path, method, op] of operations(doc)) {
    for (const place of places(path, method, op)) {
      if (!place.present) {
        problems.push(`${place.where}: no example`);
        continue;
      }
      const validate = validator(place.schema);
      if (!validate(place.example)) problems.push(`${place.where}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(place.example).slice(0, 300)}`);
      if (place.status && /^[45]/.test(place.status)) {
        const shaped = errorShape.safeParse(place.example);
        if (!shaped.success) problems.push(`${place.where}: not the error shape`);
        else if (place.status === '400' && shaped.data.error.code === 'validation_failed' && !shaped.data.error.details?.length) problems.push(`${place.where}: names no field`);
      }
    }
  }
  return problems;
}

const errorShape = z.object({
  error: z.strictObject({
    code: z.string().regex(/^[a-z][a-z0-9_]*$/),
    message: z.string().min(5),
    details: z.array(z.strictObject({ path: z.string().min(1), message: z.string().min(1) })).min(1).optional(),
  }),
}).strict();

/** Every text value in an example, to catch placeholder words. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  // A 400's details name a field, whatever its name (an addendum's `text`).
  if (isObject(value)) return Object.entries(value).flatMap(([k, v]) => (k === 'path' ? [] : strings(v)));
  return [];
}

let h: Harness;
let cast: Cast;
let doc: OpenApiDoc;
let bytes: number;

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
  const res = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(res.statusCode).toBe(200);
  bytes = res.rawPayload.length;
  doc = res.json<OpenApiDoc>();
});
afterAll(async () => h.close());

describe('examples in the OpenAPI description', () => {
  it('are on every request body, parameter and answer of every operation, and each is valid against its schema', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(100);
    expect(problemsOf(doc)).toEqual([]);
  });

  it('come from the program’s world: no placeholder words', () => {
    const placeholders = /^(string|foo|bar|baz|test|example|lorem.*|xxx+|value|text)$/i;
    const found: string[] = [];
    for (const [path, method, op] of operations(doc)) {
      for (const place of places(path, method, op)) {
        for (const s of strings(place.example)) if (placeholders.test(s.trim())) found.push(`${place.where}: "${s}"`);
      }
    }
    expect(found).toEqual([]);
  });

  it('show the hand-written bodies for the main requests', () => {
    const body = (path: string) => doc.paths[path]?.post?.requestBody?.content['application/json']?.example;
    expect(body('/api/participants')).toEqual(HANDWRITTEN['POST /api/participants']?.body);
    expect(body('/api/participants')).toMatchObject({ firstName: 'Darius', lastName: 'Coleman', custodyStatus: 'in_custody' });
    expect(body('/api/participants/{id}/contacts')).toMatchObject({ mode: 'in_person', locationType: 'jail', reached: true });
    expect(body('/api/participants/{id}/referrals')).toMatchObject({ need: 'housing' });
    expect(body('/api/naloxone/distributions')).toMatchObject({ recipientType: 'support_person', product: 'nasal_4mg' });
    // Answers: the generated one with the hand-written parts laid over it.
    const created = doc.paths['/api/participants']?.post?.responses['201']?.content?.['application/json']?.example;
    expect(created).toMatchObject({ firstName: 'Darius', siteName: 'Cook County Jail', version: 1 });
  });

  it('give each error answer its shape: 400 naming a field of the route, 401, 403, 404, 409, 429', () => {
    const example = (path: string, method: string, status: string) => doc.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.example;
    expect(example('/api/participants', 'post', '400')).toEqual({
      error: { code: 'validation_failed', message: 'Some fields are not valid', details: [{ path: 'siteId', message: expect.any(String) as unknown }] },
    });
    expect(example('/api/participants/{id}', 'get', '400')).toMatchObject({ error: { details: [{ path: 'params.id', message: 'Invalid UUID' }] } });
    expect(example('/api/participants', 'get', '401')).toMatchObject({ error: { code: 'unauthenticated' } });
    expect(example('/api/participants', 'get', '403')).toMatchObject({ error: { code: 'forbidden' } });
    expect(example('/api/participants/{id}', 'get', '404')).toMatchObject({ error: { code: 'not_found', message: 'Participant not found' } });
    expect(example('/api/participants/{id}', 'patch', '409')).toMatchObject({ error: { code: 'stale_version' } });
    expect(example('/api/naloxone/distributions', 'post', '409')).toMatchObject({ error: { code: 'insufficient_stock' } });
    expect(example('/api/auth/login', 'post', '429')).toMatchObject({ error: { code: 'too_many_attempts' } });
    // Every documented error status has an example (the problems test checks each against its schema).
    expect(Object.keys(errorResponses).every((s) => example('/api/participants', 'post', s) !== undefined)).toBe(true);
  });

  it('are bodies the routes accept: Ana creates the example participant and logs the example contact', async () => {
    const ana = await cast.as('ana');
    const participant = { ...(doc.paths['/api/participants']?.post?.requestBody?.content['application/json']?.example as object), siteId: cast.sites.cook };
    const created = await ana.post('/api/participants', participant);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    const contact = {
      ...(doc.paths['/api/participants/{id}/contacts']?.post?.requestBody?.content['application/json']?.example as object),
      staffIds: [cast.people.ana.id],
    };
    const logged = await ana.post(`/api/participants/${id}/contacts`, contact);
    expect(logged.statusCode, logged.body).toBe(201);
  });

  it('catch an example its schema no longer accepts', () => {
    const broken = structuredClone(doc);
    const media = broken.paths['/api/participants']?.post?.requestBody?.content['application/json'];
    (media?.example as Record<string, unknown>).dateOfBirth = '12/04/1988';
    const param = broken.paths['/api/participants/{id}']?.get?.parameters?.[0];
    delete param?.example;
    expect(problemsOf(broken)).toEqual([
      expect.stringMatching(/^POST \/api\/participants body \(application\/json\): .*dateOfBirth.*pattern/),
      'GET /api/participants/{id} path parameter id: no example',
    ]);
  });

  it('are generated for a route nobody wrote examples for', async () => {
    const app = await buildApp({ database: h.testDb.database, clock: new FakeClock(), config: testConfig() });
    const input = z.object({
      siteId: z.uuid(),
      heldOn: z.iso.date(),
      occurredAt: z.iso.datetime(),
      contactEmail: z.email().nullable().optional(),
      kind: z.enum(['individual', 'group_consultation']),
      reasons: z.array(z.string().min(20).max(200)).min(2).max(3),
      kits: z.int().min(5).max(9),
      share: z.number().gt(0).lt(1),
      lotCode: z.string().regex(/^[A-Z]{2}\d{2}-[a-z]{3}$/),
      followUp: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('call'), phone: z.string().max(40) }),
        z.object({ kind: z.literal('visit'), place: z.string() }),
      ]),
      labels: z.record(z.string().regex(/^[a-z]{2}$/), z.string().min(1)),
    });
    app.post(
      '/api/debriefs/:id/notes',
      {
        config: { access: 'participants:write' },
        schema: {
          tags: ['debriefs'],
          params: z.object({ id: z.uuid() }),
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).optional(), month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }),
          body: input,
          response: { 201: input.extend({ id: z.uuid(), createdAt: z.string(), createdBy: z.object({ id: z.uuid(), name: z.string() }).nullable() }), ...errorResponses },
        },
      },
      async () => ({}),
    );
    try {
      await app.ready();
      const fresh = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<OpenApiDoc>();
      const only = { paths: { '/api/debriefs/{id}/notes': defined(fresh.paths['/api/debriefs/{id}/notes']) } };
      expect(problemsOf(only)).toEqual([]);
      const body = only.paths['/api/debriefs/{id}/notes'].post?.requestBody?.content['application/json']?.example;
      expect(input.safeParse(body).success).toBe(true);
      expect(body).toMatchObject({ kits: 5, lotCode: expect.stringMatching(/^[A-Z]{2}\d{2}-[a-z]{3}$/) as unknown });
    } finally {
      await app.close();
    }
  });

  it('make regular expressions into matching text, or say they cannot', () => {
    for (const pattern of ['^\\d{5}(-\\d{4})?$', '^([01]\\d|2[0-3]):[0-5]\\d$', '^[a-z][a-z0-9_]{1,39}$', '^data:image\\/png;base64,[A-Za-z0-9+/]+={0,2}$']) {
      expect(new RegExp(pattern, 'u').test(fromPattern(pattern) ?? ''), pattern).toBe(true);
    }
    expect(fromPattern('^(?=.*\\d)\\w+$')).toBeNull();
  });
});

describe('the description itself', () => {
  it('stays a reasonable size with its examples', () => {
    // Measured at about 0.8 MB with 116 operations; well over that means something repeats.
    expect(bytes).toBeLessThan(1_500_000);
  });

  it('is still served as the interactive reference at /api/docs', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const json = await h.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(json.statusCode).toBe(200);
  });
});

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}
