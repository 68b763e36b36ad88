import { randomBytes } from 'node:crypto';
import { ROLES, type Role } from '../../core/enums.ts';
import { userCreateInput } from '../../core/schemas.ts';
import { loadConfig } from '../../server/config.ts';
import { systemActor } from '../../server/http/actor.ts';
import { ValidationError } from '../../server/http/errors.ts';
import { createUser } from '../../server/users/users.service.ts';
import { CliUsageError, parse, readPipedStdin, required } from '../args.ts';
import { inAdminTransaction } from './with-database.ts';

/** A generated password: 20 characters from an alphabet without look-alikes (0/O, 1/l). */
function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export async function userCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'create') throw new CliUsageError('Usage: tandem user create --email E --name N --role ROLE [--site SITE_ID]...');
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
