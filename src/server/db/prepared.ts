/**
 * Queries that run on every request, built once. drizzle builds a query's SQL text
 * each time it runs (a tenth of the server's CPU under a participant page's load),
 * and PostgreSQL parses it each time. A prepared query keeps the text drizzle built,
 * with placeholders for the values, and runs it on whatever handle the caller holds
 * (the pool, a transaction, a read session) as a named statement: node-postgres
 * parses it once per connection and then only binds values. PGlite runs the same
 * text unnamed. Decision 0027.
 *
 * Only for queries whose text never changes with their values: a list of ids goes
 * as one array value (`= any(…)`), not as `in (…)` with one value each.
 */
import type { SQL } from 'drizzle-orm';
import type { PgDialect } from 'drizzle-orm/pg-core';
import type { Queryable } from './database.ts';

/** What drizzle's prepared queries have in common on both drivers (drizzle-orm 0.45). */
interface PreparedTemplate<R> {
  client: unknown;
  execute(values: Record<string, unknown>): Promise<R>;
}

interface SessionInternals {
  client: unknown;
  prepareQuery(query: { sql: string; params: unknown[] }, fields: undefined, name: string, arrayMode: boolean): PreparedTemplate<unknown>;
}

function internals(q: Queryable): { session: SessionInternals; dialect: PgDialect } {
  return q as unknown as { session: SessionInternals; dialect: PgDialect };
}

const names = new Set<string>();

/**
 * A statement's name is its identity on every connection: two texts under one name
 * would fail there, so a name is taken once, when its module loads.
 */
function claim(name: string): void {
  if (names.has(name)) throw new Error(`A prepared query is already named ${name}`);
  names.add(name);
}

/**
 * The template is prepared on the first handle a query meets, once per kind of
 * session (PGlite's and node-postgres's differ), and each run borrows it with the
 * caller's connection: everything else (text, placeholders, how rows map) is shared.
 */
function runner<R>(name: string, prepare: (q: Queryable) => PreparedTemplate<R>) {
  claim(name);
  const templates = new Map<object, PreparedTemplate<R>>();
  return (q: Queryable, values: Record<string, unknown>): Promise<R> => {
    const { session } = internals(q);
    const kind = Object.getPrototypeOf(session) as object;
    let template = templates.get(kind);
    if (!template) {
      template = prepare(q);
      templates.set(kind, template);
    }
    const run = Object.create(template) as PreparedTemplate<R>;
    run.client = session.client;
    return run.execute(values);
  };
}

/**
 * A query built with drizzle's builder, its values as `sql.placeholder('key')`:
 * `build` runs once, on the first handle; each call passes the values by key.
 */
// V names the placeholders' values for callers: drizzle cannot infer them from the builder.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function preparedQuery<V extends Record<string, unknown>, R>(
  name: string,
  build: (q: Queryable) => { prepare(name: string): { execute(values?: Record<string, unknown>): Promise<R> } },
): (q: Queryable, values: V) => Promise<R> {
  return runner(name, (q) => build(q).prepare(name) as unknown as PreparedTemplate<R>);
}

/** A statement written in SQL, its values as `sql.placeholder('key')`: answers the driver's result (`rowsOf`). */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function preparedSql<V extends Record<string, unknown>>(name: string, statement: SQL): (q: Queryable, values: V) => Promise<unknown> {
  return runner(name, (q) => {
    const { session, dialect } = internals(q);
    return session.prepareQuery(dialect.sqlToQuery(statement), undefined, name, false);
  });
}
