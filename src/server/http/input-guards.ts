/**
 * Guards on raw input that no schema states: PostgreSQL's text cannot hold the NUL
 * character, so a string carrying one would fail deep in a query (a 500), and a
 * lone UTF-16 surrogate cannot be stored as UTF-8 at all (it would silently come
 * back as U+FFFD). Both are refused here, before validation, at the field that
 * carries them. An address that
 * the router cannot read (malformed escapes, a path segment too long to be an id)
 * gets the same error shape as everything else.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError, type FieldIssue } from './errors.ts';

const MAX_DEPTH = 32;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'Cannot contain the NUL character';
  if (LONE_SURROGATE.test(text)) return 'Contains a character that is not valid Unicode';
  return null;
}

/** Paths of the string values (and keys) that text cannot hold as it is. */
export function invalidTextPaths(value: unknown, path: string, out: FieldIssue[] = [], depth = 0): FieldIssue[] {
  if (out.length >= 10 || depth > MAX_DEPTH) return out;
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) out.push({ path, message: problem });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => invalidTextPaths(v, path ? `${path}.${String(i)}` : String(i), out, depth + 1));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const at = path ? `${path}.${k}` : k;
      const problem = textProblem(k);
      if (problem) out.push({ path: at, message: problem });
      else invalidTextPaths(v, at, out, depth + 1);
    }
  }
  return out;
}

export function registerInputGuards(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const issues = [...invalidTextPaths(request.body, ''), ...invalidTextPaths(request.query, 'query'), ...invalidTextPaths(request.params, 'params')];
    if (issues.length > 0) throw new ValidationError(issues.map((i) => ({ ...i, path: i.path || 'body' })));
  });
}

/** Fastify's own routing errors (`frameworkErrors`), answered in Tandem's error shape. */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const message = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A value in the address is too long' : 'The address is not valid';
  void reply.status(400).send({ error: { code: 'bad_url', message } });
}
