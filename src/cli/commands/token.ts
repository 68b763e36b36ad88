import { eq } from 'drizzle-orm';
import { apiTokens } from '../../server/auth/auth.table.ts';
import { API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS, createApiToken, listApiTokens, revokeApiToken } from '../../server/auth/sessions.ts';
import { NotFound } from '../../server/http/errors.ts';
import { findUserByEmail } from '../../server/users/users.repository.ts';
import type { Tx } from '../../server/db/database.ts';
import { CliUsageError, parse, required } from '../args.ts';
import { inAdminTransaction } from './with-database.ts';

async function activeUser(tx: Tx, email: string) {
  const user = await findUserByEmail(tx, email);
  if (!user?.active) throw new NotFound(`Active user ${email}`);
  return user;
}

/** --expires-in DAYS: a whole number of days from 1 to the maximum. */
function expiryDays(value: string | undefined): number {
  if (value === undefined) return API_TOKEN_DEFAULT_DAYS;
  const days = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(days >= 1 && days <= API_TOKEN_MAX_DAYS)) {
    throw new CliUsageError(`--expires-in must be a whole number of days from 1 to ${API_TOKEN_MAX_DAYS}`);
  }
  return days;
}

export async function tokenCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const { values } = parse(rest, { email: { type: 'string' }, label: { type: 'string' }, 'expires-in': { type: 'string' } });
  const email = required(values.email, 'email');
  switch (sub ?? '') {
    case 'create': {
      const label = required(values.label, 'label');
      const days = expiryDays(values['expires-in']);
      const { token, user, expiresAt } = await inAdminTransaction(async (tx, now) => {
        const u = await activeUser(tx, email);
        return { ...(await createApiToken(tx, u.id, label, now, days)), user: u };
      });
      console.log(`API token "${label}" for ${user.name} (${user.role}); it acts with their permissions until ${expiresAt.toISOString()}.`);
      console.log('Store it now: it is shown only once. Send it as "Authorization: Bearer <token>".');
      console.log(token);
      return;
    }
    case 'list': {
      const rows = await inAdminTransaction(async (tx) => listApiTokens(tx, (await activeUser(tx, email)).id));
      if (rows.length === 0) console.log('No tokens.');
      for (const r of rows) {
        const state = r.revokedAt
          ? `revoked ${r.revokedAt.toISOString()}`
          : `${r.expiresAt.getTime() <= Date.now() ? 'expired' : 'expires'} ${r.expiresAt.toISOString()}, last used ${r.lastUsedAt?.toISOString() ?? 'never'}`;
        console.log(`${r.prefix}…  ${r.label}  created ${r.createdAt.toISOString()}  ${state}`);
      }
      return;
    }
    case 'revoke': {
      const label = required(values.label, 'label');
      const count = await inAdminTransaction(async (tx, now) => {
        const u = await activeUser(tx, email);
        const tokens = await tx.select().from(apiTokens).where(eq(apiTokens.userId, u.id));
        let n = 0;
        for (const t of tokens.filter((t) => t.label === label && !t.revokedAt)) {
          if (await revokeApiToken(tx, u.id, t.id, now)) n++;
        }
        return n;
      });
      if (count === 0) throw new NotFound(`Active token "${label}"`);
      console.log(`Revoked ${count} token(s) labelled "${label}".`);
      return;
    }
    default:
      throw new CliUsageError('Usage: tandem token create|list|revoke --email E [--label L] [--expires-in DAYS]');
  }
}
