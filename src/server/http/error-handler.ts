/** Maps every error to the one JSON shape clients rely on; never a stack trace. */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, Busy, type FieldIssue } from './errors.ts';

function send(status: number, code: string, message: string, details?: FieldIssue[]) {
  return { status, body: { error: details ? { code, message, details } : { code, message } } };
}

/**
 * What an unexpected error may put in the logs. A failed query's message, stack and
 * params carry the values it was sent (names, dates of birth, phone numbers), so for
 * those we log the SQL text and the database's own error, with quoted values hidden.
 */
export function loggableError(error: Error): Record<string, unknown> {
  const e = error as Error & { query?: unknown; params?: unknown; cause?: unknown };
  if (typeof e.query === 'string' && Array.isArray(e.params)) {
    const cause = e.cause instanceof Error ? (e.cause as Error & { code?: unknown; table?: unknown; constraint?: unknown }) : null;
    return {
      type: e.constructor.name,
      query: e.query,
      database: cause && {
        message: cause.message.replace(/"[^"]*"/g, '"…"'),
        code: cause.code,
        table: cause.table,
        constraint: cause.constraint,
      },
    };
  }
  return { type: e.name, message: e.message, stack: e.stack };
}

/**
 * node-postgres' pool gave up waiting for a free connection (nothing was sent to the
 * database): thrown as it is inside a transaction, or as the cause of drizzle's
 * DrizzleQueryError for a query outside one (signing in by token, under load).
 */
function isPoolExhausted(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.message === 'timeout exceeded when trying to connect') return true;
  }
  return false;
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let out: ReturnType<typeof send>;
    if (error instanceof Busy) {
      request.log.warn('no room for the request in time');
      void reply.header('retry-after', '1');
      out = send(error.status, error.code, error.message);
    } else if (error instanceof AppError) {
      out = send(error.status, error.code, error.message, error.details);
      if (error.status >= 500) request.log.error({ code: error.code }, error.message);
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext === 'body' ? '' : `${error.validationContext ?? ''}.`;
      const details = error.validation.map((v) => ({
        path: `${where}${v.instancePath.replace(/^\//, '').replace(/\//g, '.')}`.replace(/\.$/, '') || (error.validationContext ?? 'body'),
        message: v.message ?? 'Invalid value',
      }));
      out = send(400, 'validation_failed', 'Some fields are not valid', details);
    } else if (isResponseSerializationError(error)) {
      request.log.error({ err: { message: error.message } }, 'response did not match its schema');
      out = send(500, 'internal_error', 'Something went wrong on our side');
    } else if (isPoolExhausted(error)) {
      // Every database connection stayed busy past the pool's wait: the request did nothing; the client may retry.
      request.log.warn('no database connection free in time');
      void reply.header('retry-after', '1');
      out = send(503, 'busy', 'Tandem is busy. Try again in a moment.');
    } else if (error.statusCode === 429) {
      out = send(429, 'too_many_attempts', 'Too many attempts. Wait a minute and try again.');
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Malformed JSON, wrong content type, body too large…
      out = send(error.statusCode, error.code ? error.code.toLowerCase() : 'bad_request', error.message);
    } else {
      request.log.error({ err: loggableError(error) }, 'unhandled error');
      out = send(500, 'internal_error', 'Something went wrong on our side');
    }
    void reply.status(out.status).send(out.body);
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` } });
  });
}
