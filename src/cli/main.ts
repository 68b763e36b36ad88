/** The `tandem` command: serve, demo, and administration that works without the web page. */
import { ConfigError, loadConfig } from '../server/config.ts';
import { DataFolderLockedError } from '../server/db/data-folder-lock.ts';
import { DatabaseUnavailableError } from '../server/db/database.ts';
import { AppError } from '../server/http/errors.ts';
import { CliFailure, CliUsageError } from './args.ts';

const USAGE = `Usage: tandem <command>

  serve                         start the server (npm start)
  demo [--data-dir DIR] [--port N] [--reset] [--seed-only] [--dev]
                                start a demonstration program on its own data folder, ./data-demo
                                (npm run demo); --reset deletes that folder first, --seed-only seeds and exits,
                                --dev serves the web app as last built (as serve --dev does)
  user create --email E --name N --role ROLE [--site SITE_ID]...
                                create a user; the password is read from stdin when piped, otherwise generated
  user reset-mfa --email E      remove a user's authenticator (a lost phone); they set up a new one at next sign-in
  token create --email E --label L [--expires-in DAYS]
                                print a personal API token for scripts (the token alone on the last line);
                                it expires after DAYS (default 90, at most 365)
  token list --email E          list a user's tokens
  token revoke --email E --label L
                                revoke a user's token
  import hsds FILE [--time-zone ZONE]
                                import an Open Referral HSDS 3.0 JSON file into the resource directory
                                (invalid records are listed by id and field; the rest go in; re-running updates)
  import samhsa FILE [--time-zone ZONE]
                                import SAMHSA treatment-locator facility records into the directory
  export hsds [FILE]            the directory as HSDS 3.0 JSON (to stdout without FILE)
  export fhir --out DIR         the whole program as FHIR R4 Bulk Data NDJSON, one file per resource type
  import fhir FILE [--site SITE_ID]
                                apply a FHIR Bundle: Patients, Part 2 Consents, referrals (ServiceRequest + Task)
                                and referral Task updates; one line per resource, what is not applied listed by path
  backup FILE                   the whole program to one file (gzip'd; one consistent snapshot)
  restore FILE                  a backup into an empty program at the same version (all or nothing)
  audit verify [--head HASH]    check the audit trail's hash chain: names the first row altered or removed (exit 1),
                                or prints the head hash to keep outside the database (--head: one noted earlier)
  audit seal                    link audit rows not yet in the chain (the server does so every few seconds)
  report --from DATE --to DATE [--format csv|xlsx|json] [--site SITE_ID]... [--compare previous_period|previous_year] [--out FILE]
                                the program report for a period (all sites unless --site; CSV by default), to stdout or FILE
  seed --participants N [--seed S] [--chunk C]
                                fill an empty program with a generated state-wide one of N participants (load tests)

Environment: DATABASE_URL (PostgreSQL; otherwise an embedded database in TANDEM_DATA_DIR, default ./data), PORT, HOST.`;

// Each command loads its own modules when run: `tandem audit verify` need not load the web server.
const commands: Record<string, (args: string[]) => Promise<void>> = {
  serve: async (args) => (await import('./commands/serve.ts')).serveCommand(args),
  demo: async (args) => (await import('./commands/demo.ts')).demoCommand(args),
  user: async (args) => (await import('./commands/user.ts')).userCommand(args),
  token: async (args) => (await import('./commands/token.ts')).tokenCommand(args),
  import: async (args) =>
    args[0] === 'fhir' ? (await import('./commands/fhir.ts')).fhirImportCommand(args.slice(1)) : (await import('./commands/directory.ts')).importCommand(args),
  export: async (args) =>
    args[0] === 'fhir' ? (await import('./commands/fhir.ts')).fhirExportCommand(args.slice(1)) : (await import('./commands/directory.ts')).exportCommand(args),
  backup: async (args) => (await import('./commands/backup.ts')).backupCommand(args),
  restore: async (args) => (await import('./commands/backup.ts')).restoreCommand(args),
  audit: async (args) => (await import('./commands/audit.ts')).auditCommand(args),
  report: async (args) => (await import('./commands/report.ts')).reportCommand(args),
  seed: async (args) => (await import('./commands/seed.ts')).seedCommand(args),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  try {
    await command(rest);
    return 0;
  } catch (err) {
    if (err instanceof CliUsageError) {
      console.error(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof CliFailure || err instanceof ConfigError || err instanceof DataFolderLockedError || err instanceof DatabaseUnavailableError) {
      console.error(err.message);
      return 1;
    }
    if (err instanceof AppError) {
      const fields = err.details?.map((d) => `\n  ${d.path}: ${d.message}`).join('') ?? '';
      console.error(`${err.message}${fields}`);
      return 1;
    }
    console.error(err);
    return 1;
  }
}

// Long-running commands (serve, demo) keep the process alive themselves; the others exit when done.
const code = await main(process.argv.slice(2));
if (code !== 0 || !['serve', 'demo'].includes(process.argv[2] ?? '')) process.exit(code);
export { loadConfig };
