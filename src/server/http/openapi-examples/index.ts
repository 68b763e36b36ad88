/**
 * Examples for the OpenAPI description: every request body, parameter and response
 * of every route carries one. Most are generated from the route's own JSON schema
 * (so a route added tomorrow gets them too) with a dictionary of field names →
 * values from one story: Darius Coleman, released from Cook County Jail, met at the
 * door by his coach Tasha Reynolds, started on buprenorphine and referred to a
 * recovery home (story.ts, generate.ts). The main bodies and the error answers are
 * written by hand (handwritten.ts). The ids are the demonstration program's, so
 * "Try it out" works against `tandem demo`. This file puts them into each route's schema.
 */
import type { z } from 'zod';
import { type Ctx, type Json, type Schema, singular } from './story.ts';
import { exampleFor, isObject } from './generate.ts';
import { HANDWRITTEN, type Handwritten, type RouteParts, errorExample } from './handwritten.ts';

// ---------------------------------------------------------------------------------
// Into the route's schema (called from the swagger transform)
// ---------------------------------------------------------------------------------

const ACTIONS = new Set(['transitions', 'discharge', 'review', 'end', 'revoke', 'randomize', 'invitation', 'accept', 'confirm', 'enroll', 'verify', 'final', 'lookup', 'mine', 'stock', 'export', 'import', 'hsds']);

/** The kind of record a route is about: its last collection segment, made singular. */
function routeEntity(url: string): string {
  const statics = url.split('/').filter((s) => s && s !== 'api' && !s.startsWith(':') && !s.startsWith('{'));
  const segment = [...statics].reverse().find((s) => !ACTIONS.has(s)) ?? 'record';
  return singular(segment.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()).replace(/\..*$/, ''));
}

/** Deep merge: hand-written parts over a generated answer (arrays and values replace). */
function overlay(base: Json, top: Json): Json {
  if (isObject(base) && isObject(top)) {
    const out: Record<string, Json> = { ...base };
    for (const [k, v] of Object.entries(top)) out[k] = k in out ? overlay(out[k] ?? null, v) : v;
    return out;
  }
  return top;
}

/**
 * A request example the zod schema accepts: the generated one, or it without the optional
 * fields zod complains about (cross-field rules JSON Schema cannot say), or only the required ones.
 */
function acceptedBody(example: Json, jsonSchema: Schema, zodSchema: unknown): Json {
  // A schema with async rules cannot be checked here: keep the generated example.
  const parse = (value: Json) => {
    try {
      return (zodSchema as z.ZodType).safeParse(value);
    } catch {
      return { success: true as const, error: undefined };
    }
  };
  if (typeof (zodSchema as { safeParse?: unknown } | null)?.safeParse !== 'function' || !isObject(example)) return example;
  const first = parse(example);
  if (first.success) return example;
  const required = new Set(Array.isArray(jsonSchema.required) ? (jsonSchema.required as string[]) : []);
  const blamed = new Set(first.error.issues.map((issue) => String(issue.path[0])).filter((k) => !required.has(k)));
  const without = Object.fromEntries(Object.entries(example).filter(([k]) => !blamed.has(k)));
  if (blamed.size > 0 && parse(without).success) return without;
  const onlyRequired = Object.fromEntries(Object.entries(example).filter(([k]) => required.has(k)));
  return parse(onlyRequired).success ? onlyRequired : example;
}

/** A hand-written body the route would refuse is a mistake in this file: say so loudly (the OpenAPI test fails on it). */
function assertAccepted(key: string, body: Json, zodSchema: unknown): void {
  if (typeof (zodSchema as { safeParse?: unknown } | null)?.safeParse !== 'function') return;
  const result = (zodSchema as z.ZodType).safeParse(body);
  if (!result.success) throw new Error(`The example body of ${key} is refused by its schema: ${result.error.message}`);
}

const withExample = (schema: unknown, example: Json): Schema => ({ ...(isObject(schema) ? schema : {}), examples: [example] });

/**
 * The route's schema with an example on its body, each parameter and each answer.
 * `schema` is what jsonSchemaTransform made; `zod` the route's own schema (to check bodies).
 */
export function withExamples(schema: Record<string, unknown>, route: { url: string; method: string | string[]; zod?: Record<string, unknown> }): Record<string, unknown> {
  if (schema.hide) return schema;
  const method = (Array.isArray(route.method) ? route.method[0] : route.method) ?? 'GET';
  const path = route.url.replace(/:(\w+)/g, '{$1}');
  const parts: RouteParts = {
    key: `${method.toUpperCase()} ${path}`,
    tag: Array.isArray(schema.tags) ? String(schema.tags[0]) : '',
    entity: routeEntity(route.url),
    summary: typeof schema.summary === 'string' ? schema.summary : '',
    description: typeof schema.description === 'string' ? schema.description : '',
    body: schema.body,
    querystring: schema.querystring,
    params: schema.params,
  };
  const hand = HANDWRITTEN[parts.key] ?? {};
  const ctx = (name: string, entity = parts.entity): Ctx => ({ name, parents: [], entity, tag: parts.tag, depth: 0 });
  const out: Record<string, unknown> = { ...schema };

  if (isObject(schema.body)) {
    const generated = exampleFor(schema.body, ctx('body'));
    if (hand.body !== undefined) assertAccepted(parts.key, hand.body, route.zod?.body);
    out.body = withExample(schema.body, hand.body ?? acceptedBody(generated, schema.body, route.zod?.body));
  }
  for (const where of ['querystring', 'params', 'headers'] as const) {
    const container = schema[where];
    if (!isObject(container) || !isObject(container.properties)) continue;
    const properties: Record<string, unknown> = {};
    for (const [name, sub] of Object.entries(container.properties)) {
      // A path's {id} is the record of the segment before it: /participants/{id} is a participant.
      const before = path.split('/').at(path.split('/').indexOf(`{${name}}`) - 1) ?? '';
      const entity = where === 'params' && name === 'id' ? singular(before.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())) : parts.entity;
      properties[name] = withExample(sub, exampleFor(sub, ctx(name, entity)));
    }
    out[where] = { ...container, properties };
  }
  if (isObject(schema.response)) {
    const responses: Record<string, unknown> = {};
    for (const [status, answer] of Object.entries(schema.response)) {
      responses[status] = responseWithExample(status, answer, parts, hand, ctx);
    }
    out.response = responses;
  }
  return out;
}

function responseWithExample(status: string, answer: unknown, parts: RouteParts, hand: Handwritten, ctx: (name: string) => Ctx): unknown {
  if (!isObject(answer)) return answer;
  const make = (schema: unknown, mediaType: string): Json => {
    if (mediaType === 'application/zip') return 'participants.csv, enrollments.csv, contacts.csv, …, data_dictionary.csv, README.txt (a zip archive)';
    if (mediaType.includes('spreadsheetml')) return 'Enrollment, Contacts, Referrals, … (an XLSX workbook, one sheet per table)';
    const error = /^[45]\d\d$/.test(status) ? errorExample(status, parts) : undefined;
    const generated = error ?? exampleFor(schema, ctx('body'));
    const top = hand.responses?.[status];
    return top === undefined ? generated : overlay(generated, top);
  };
  if (isObject(answer.content)) {
    const content: Record<string, unknown> = {};
    for (const [mediaType, media] of Object.entries(answer.content)) {
      const schema = isObject(media) ? media.schema : undefined;
      content[mediaType] = { ...(isObject(media) ? media : {}), example: make(schema, mediaType) };
    }
    return { ...answer, content };
  }
  // A 204 says "null": its example is null, which the null-only schema accepts.
  return withExample(answer, make(answer, 'application/json'));
}

export { fromPattern } from './generate.ts';
export { HANDWRITTEN } from './handwritten.ts';
