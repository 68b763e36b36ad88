/** What `npm run demo` prints once the server listens: who to sign in as. */
import type { Role } from '../core/enums.ts';
import { otpauthUri } from '../server/auth/totp.ts';
import { DEMO_MFA_SECRET, DEMO_PASSWORD, PERSONA_LIST } from './personas.ts';
import { DEMO_SITES } from './sites.ts';

const ROLE_LABEL: Record<Role, string> = {
  program_admin: 'program admin',
  site_manager: 'site manager',
  supervisor: 'supervisor',
  coach: 'peer recovery coach',
  case_manager: 'case manager',
  evaluator: 'evaluator',
};

/** `url` is where people reach the server, or null when it is only known once it listens (port 0). */
export function demoBanner(url: string | null): string {
  const rows = PERSONA_LIST.map((p) => {
    const sites = p.role === 'program_admin' ? 'all sites' : p.sites.length === 0 ? '(no participant data)' : p.sites.map((k) => DEMO_SITES[k].short).join(', ');
    return `  ${p.name.padEnd(18)} ${ROLE_LABEL[p.role].padEnd(20)} ${p.email.padEnd(36)} ${sites}`;
  });
  return [
    '',
    'Demonstration program: a hub at the University of Illinois Chicago, 4 county jails, 2 state prisons,',
    '2 emergency departments and a methadone clinic, with ~200 fictional participants. Never enter real data here.',
    '',
    `Sign in ${url ? `at ${url} ` : ''}as any of these staff. Password for all: ${DEMO_PASSWORD}`,
    '',
    `  ${'name'.padEnd(18)} ${'role'.padEnd(20)} ${'e-mail'.padEnd(36)} sites`,
    ...rows,
    '',
    'Program admins also enter a code from an authenticator app. Add this secret to one (or scan the otpauth',
    `address as a QR code): ${DEMO_MFA_SECRET}`,
    `  ${otpauthUri(DEMO_MFA_SECRET, 'demo program admin', 'Tandem demo')}`,
    '',
  ].join('\n');
}
