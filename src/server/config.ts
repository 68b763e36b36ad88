/** Configuration from the environment, validated once at start. */
import { resolve } from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  // An empty PORT= means "not set": coerced, it would be 0, a random port nobody could find.
  PORT: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ error: 'must be a port number from 0 to 65535' }).int().min(0).max(65535).default(3000),
  ),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  TANDEM_DATA_DIR: z.string().min(1).default('./data'),
  /** The address people use to reach Tandem, for invitation links; defaults to the request's host. */
  TANDEM_PUBLIC_URL: z.url().optional(),
  /** Set when Tandem runs behind a reverse proxy that sets X-Forwarded-For / -Proto. */
  TANDEM_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Sign-in attempts allowed per client address per minute (account lockout is separate). */
  TANDEM_LOGIN_RATE_PER_MINUTE: z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(100_000).default(20),
  /** Report and FHIR requests (dashboard, program report, participant bundles, imports) per person per minute. */
  TANDEM_REPORT_RATE_PER_MINUTE: z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(100_000).default(30),
  /** Analysis exports (each reads the whole program) per person per hour. */
  TANDEM_EXPORT_RATE_PER_HOUR: z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(100_000).default(6),
  /** Emergency-access lookups (a person of any site by last name and date of birth) per person per minute. */
  TANDEM_LOOKUP_RATE_PER_MINUTE: z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(100_000).default(10),
  /** The worklist's "no successful contact in N days" for the whole program. */
  TANDEM_WORKLIST_NO_CONTACT_DAYS: z.coerce.number({ error: 'must be a whole number of days' }).int().min(1).max(90).default(7),
  TANDEM_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Database connections one report computation may use at once (PostgreSQL; PGlite has one), taken only
   * when the pool has them to spare: about the database server's cores.
   */
  TANDEM_REPORT_CONNECTIONS: z.coerce.number({ error: 'must be a whole number from 1 to 32' }).int().min(1).max(32).default(2),
  /** Worklists of whole sites worked out at once (each holds thousands of episodes); the rest wait their turn. */
  TANDEM_WORKLISTS_AT_ONCE: z.coerce.number({ error: 'must be a whole number from 1 to 32' }).int().min(1).max(32).default(2),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string | undefined;
  trustProxy: boolean;
  logLevel: string;
  dbPoolSize: number;
  /** Connections one report computation may use at once, its request's own included. */
  reportConnections: number;
  /** Worklists of whole sites (not one person's caseload) worked out at once. */
  worklistsAtOnce: number;
  sessionIdleSeconds: number;
  sessionMaxSeconds: number;
  invitationDays: number;
  /** Failed sign-ins for one e-mail before it is locked, and for how long. */
  lockoutThreshold: number;
  lockoutSeconds: number;
  /** Sign-in attempts per client address per minute. */
  loginRatePerMinute: number;
  /** Expensive requests per person: reports and FHIR per minute, analysis exports per hour. */
  reportRatePerMinute: number;
  exportRatePerHour: number;
  /** Emergency-access lookups across all sites per person per minute. */
  lookupRatePerMinute: number;
  /** The worklist flags a participant with no successful contact for this many days (a view may ask for another number). */
  worklistNoContactDays: number;
}

export class ConfigError extends Error {}

export const DEFAULTS = {
  sessionIdleSeconds: 30 * 60,
  sessionMaxSeconds: 12 * 60 * 60,
  invitationDays: 7,
  lockoutThreshold: 5,
  lockoutSeconds: 15 * 60,
  loginRatePerMinute: 20,
  reportRatePerMinute: 30,
  exportRatePerHour: 6,
  lookupRatePerMinute: 10,
  worklistNoContactDays: 7,
} as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.TANDEM_DATA_DIR),
    publicUrl: e.TANDEM_PUBLIC_URL?.replace(/\/$/, ''),
    trustProxy: e.TANDEM_TRUST_PROXY === 'true',
    logLevel: e.LOG_LEVEL,
    dbPoolSize: e.TANDEM_DB_POOL_SIZE,
    reportConnections: e.TANDEM_REPORT_CONNECTIONS,
    worklistsAtOnce: e.TANDEM_WORKLISTS_AT_ONCE,
    ...DEFAULTS,
    loginRatePerMinute: e.TANDEM_LOGIN_RATE_PER_MINUTE,
    reportRatePerMinute: e.TANDEM_REPORT_RATE_PER_MINUTE,
    exportRatePerHour: e.TANDEM_EXPORT_RATE_PER_HOUR,
    lookupRatePerMinute: e.TANDEM_LOOKUP_RATE_PER_MINUTE,
    worklistNoContactDays: e.TANDEM_WORKLIST_NO_CONTACT_DAYS,
  };
}

/** Config for tests and tools that build the app in process. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: undefined,
    dataDir: '',
    publicUrl: 'http://tandem.test',
    trustProxy: false,
    logLevel: 'silent',
    dbPoolSize: 5,
    reportConnections: 2,
    worklistsAtOnce: 2,
    ...DEFAULTS,
    ...overrides,
  };
}
