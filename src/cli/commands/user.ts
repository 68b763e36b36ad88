import { randomBytes } from 'node:crypto';
import { ROLES, type Role } from '../../core/enums.ts';
import { userCreateInput } from '../../core/schemas.ts';
import { resetMfa } from '../../server/auth/mfa.service.ts';
import { loadConfig } from '../../server/config.ts';
import { systemActor } from '../../server/http/actor.ts';
import { NotFound, ValidationError } from '../../server/http/errors.ts';
import { findUserByEmail } from '../../server/users/users.repository.ts';
import { createUser } from '../../server/users/users.service.ts';
import { CliUsageError, parse, readPipedStdin, required } from '../args.ts';
import { inAdminTransaction } from './with-database.ts';

/** A generated password: 20 characters from an alphabet without look-alikes (0/O, 1/l). */
function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

const USAGE = 'Usage: tandem user create --email E --name N --role ROLE [--site SITE_ID]... | tandem user reset-mfa --email E';

/**
 * Removes a user's authenticator from the command line: for the program whose only
 * administrator lost both phone and recovery codes (anyone at the server's shell can
 * already create an administrator; this is the direct way). Audited as the system;
 * their sessions end; their next sign-in sets up a new authenticator.
 */
async function resetMfaCommand(rest: string[]): Promise<void> {
  const { values } = parse(rest, { email: { type: 'string' } });
  const email = required(values.email, 'email');
  const status = await inAdminTransaction(async (tx, now) => {
    const user = await findUserByEmail(tx, email);
    if (!user) throw new NotFound(`User ${email}`);
    return { user, status: await resetMfa(tx, systemActor, user.id, now) };
  });
  console.log(`Removed the authenticator of ${status.user.name} <${status.user.email}>; their sessions have ended.`);
  console.log(
    status.status.required
      ? 'Their role requires one: at their next sign-in they set up a new authenticator before anything else.'
      : 'They may set up a new one from their sign-in security page.',
  );
}

export async function userCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'reset-mfa') return resetMfaCommand(rest);
  if (sub !== 'create') throw new CliUsageError(USAGE);
  const { values } = parse(rest, {
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    site: { type: 'string', multiple: true },
  });
  const role = required(values.role, 'role');
  if (!ROLES.includes(role as Role)) throw new CliUsageError(`--role must be one of: ${ROLES.join(', ')}`);
  const piped = (await readPipedStdin())?.replace(/\r?\n$/, '');
  // Nothing piped (a terminal, or an empty stdin such as /dev/null or cron's): generate one.
  const generated = piped ? null : generatePassword();
  const parsed = userCreateInput.safeParse({
    email: required(values.email, 'email'),
    name: required(values.name, 'name'),
    role,
    siteIds: values.site ?? [],
    setup: { method: 'password', password: generated ?? piped },
  });
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((i) => ({ path: i.path.join('.').replace('setup.password', 'password (stdin)'), message: i.message })),
    );
  }
  const config = loadConfig();
  const { user } = await inAdminTransaction((tx, now) =>
    createUser(tx, systemActor, parsed.data, { now, invitationDays: config.invitationDays, baseUrl: config.publicUrl ?? `http://${config.host}:${config.port}` }, {
      // A password the administrator typed is theirs to keep; a generated one must be replaced at first sign-in.
      mustChangePassword: generated !== null,
    }),
  );
  console.log(`Created ${user.role} ${user.name} <${user.email}> (id ${user.id}).`);
  if (generated) {
    console.log('Initial password (shown once; it must be changed at first sign-in):');
    console.log(generated);
  }
}
