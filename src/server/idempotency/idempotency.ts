/**
 * Idempotency-Key on state-changing POSTs: a client that did not hear the answer
 * (a phone losing signal in a jail's parking lot) sends the same request again
 * with the same key, and gets the first answer back; nothing is written twice.
 *
 * - The key is claimed inside the route's own transaction (`claimIdempotencyKey`,
 *   called by `inTransaction`), so the change and its key commit together. A
 *   change that fails rolls its key back with it: the client may try again.
 * - The answer is stored in the same transaction too (`recordIdempotentAnswer`,
 *   called by `inTransaction` with the route's result, serialized as the route
 *   answers it), so a server killed after the commit still has it; the answer
 *   actually sent replaces it if the route changed it afterwards. A retry with the
 *   same key and the same request replays it (`Idempotent-Replayed: true`); with
 *   another request it is refused (422). A retry that arrives while the first is
 *   still running is told the key was already used (409) — it never runs twice.
 * - Keys belong to the user who sent them and are kept for 24 hours.
 * - Routes whose answer holds a secret shown once (`secretAnswer`) ignore the key:
 *   the answer is never kept.
 *
 * The request is found again inside `inTransaction` through AsyncLocalStorage,
 * entered in onRequest for the rest of the request's life.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Queryable, Tx } from '../db/database.ts';
import { AppError, ValidationError } from '../http/errors.ts';
import { idempotencyKeys } from './idempotency.table.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const KEEP_HOURS = 24;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

interface KeyedRequest {
  userId: string;
  key: string;
  requestHash: string;
  at: Date;
  claimed: boolean;
  reply: FastifyReply;
  /** The answer stored with the change, if the route's result could be serialized as its success answer. */
  stored: { statusCode: number; body: string } | null;
}

const current = new AsyncLocalStorage<{ keyed: KeyedRequest | null }>();

function hashRequest(method: string, url: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${url}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

/**
 * Called by `inTransaction` first thing: claims the request's key in this
 * transaction. A key someone else holds (the same request, still running) is a 409.
 */
export async function claimIdempotencyKey(tx: Tx): Promise<void> {
  const keyed = current.getStore()?.keyed;
  if (!keyed || keyed.claimed) return;
  const inserted = await tx
    .insert(idempotencyKeys)
    .values({ userId: keyed.userId, key: keyed.key, requestHash: keyed.requestHash, createdAt: keyed.at })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length === 0) throw inUse();
  keyed.claimed = true;
}

/** Whether the request being handled carries an Idempotency-Key to claim (its change must then run in a transaction). */
export function requestHasIdempotencyKey(): boolean {
  return Boolean(current.getStore()?.keyed);
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** The status a route answers on success, as its schema declares it (201 before 200). */
function successStatus(reply: FastifyReply): number | null {
  const responses = reply.request.routeOptions.schema?.response as Record<string, unknown> | undefined;
  for (const status of [201, 200, 202]) if (responses?.[String(status)] !== undefined) return status;
  return null;
}

/**
 * Called by `inTransaction` with the work's result, before the commit: stores it as
 * the key's answer, serialized by the route's own success schema. A result that is
 * not the route's answer (the route makes its answer from it) does not serialize, or
 * is replaced when the real answer is sent.
 */
export async function recordIdempotentAnswer(tx: Tx, result: unknown): Promise<void> {
  const keyed = current.getStore()?.keyed;
  if (!keyed?.claimed || result === null || typeof result !== 'object') return;
  const statusCode = successStatus(keyed.reply);
  if (statusCode === null) return;
  let body: string;
  try {
    body = keyed.reply.serializeInput(result as Record<string, unknown>, String(statusCode)) as string;
  } catch {
    return;
  }
  if (typeof body !== 'string') return;
  await tx
    .update(idempotencyKeys)
    .set({ statusCode, responseBody: body, contentType: JSON_TYPE })
    .where(and(eq(idempotencyKeys.userId, keyed.userId), eq(idempotencyKeys.key, keyed.key)));
  keyed.stored = { statusCode, body };
}

const inUse = () => new AppError(409, 'idempotency_key_in_use', 'A request with this Idempotency-Key was already received; it is not run again.');

export function registerIdempotency(app: FastifyInstance): void {
  // Everything after this hook, the route's transaction included, runs inside the store.
  app.addHook('onRequest', (_request, _reply, done) => {
    current.run({ keyed: null }, done);
  });

  app.addHook('preHandler', async (request, reply) => {
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (header === undefined || request.method !== 'POST' || !request.actor || request.routeOptions.config.secretAnswer) return;
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || !KEY_PATTERN.test(key)) {
      throw new ValidationError([{ path: `headers.${IDEMPOTENCY_HEADER}`, message: 'Use 1 to 255 visible ASCII characters' }]);
    }
    const userId = request.actor.userId;
    const requestHash = hashRequest(request.method, request.url, request.body);
    const [seen] = await app.deps.database.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
    if (seen) {
      if (seen.requestHash !== requestHash) {
        throw new AppError(422, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request. Use a new key for a new request.', [
          { path: `headers.${IDEMPOTENCY_HEADER}`, message: 'Already used with a different request' },
        ]);
      }
      if (seen.statusCode === null || seen.responseBody === null) throw inUse();
      void reply.header('idempotent-replayed', 'true');
      if (seen.contentType) void reply.header('content-type', seen.contentType);
      return reply.status(seen.statusCode).send(seen.responseBody);
    }
    const store = current.getStore();
    if (store) store.keyed = { userId, key, requestHash, at: app.deps.clock.now(), claimed: false, reply, stored: null };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const keyed = current.getStore()?.keyed;
    if (!keyed?.claimed || reply.statusCode >= 300 || typeof payload !== 'string') return payload;
    // Already stored with the change, exactly as sent.
    if (keyed.stored?.statusCode === reply.statusCode && keyed.stored.body === payload) return payload;
    const contentType = reply.getHeader('content-type');
    try {
      await app.deps.database.db
        .update(idempotencyKeys)
        .set({ statusCode: reply.statusCode, responseBody: payload, contentType: typeof contentType === 'string' ? contentType : null })
        .where(and(eq(idempotencyKeys.userId, keyed.userId), eq(idempotencyKeys.key, keyed.key)));
    } catch (err) {
      // The change is committed; a retry gets the answer stored with it, if any, else is told the key was used.
      request.log.warn({ err: { message: (err as Error).message } }, 'could not store an idempotent answer');
    }
    return payload;
  });
}

/** Drops keys older than KEEP_HOURS (the hourly housekeeping). */
export async function sweepIdempotencyKeys(db: Queryable, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - KEEP_HOURS * 3_600_000);
  const gone = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, cutoff)).returning({ key: idempotencyKeys.key });
  return gone.length;
}

