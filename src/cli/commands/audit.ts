/**
 * `tandem audit verify [--head HASH]` checks the audit trail's hash chain and names
 * the first row altered or removed (exit 1); it only reads. `tandem audit seal`
 * links rows not yet in the chain (the server does so every few seconds; this is
 * for after a restore, or a program run without a server). It searches the whole
 * trail, not only past the server's frontier.
 */
import { sealAuditTrail, verifyAuditTrail, type VerifyProgress } from '../../server/audit/audit.chain.ts';
import { loadConfig } from '../../server/config.ts';
import { openConfiguredDatabase } from '../../server/db/open.ts';
import { formatDuration } from '../../server/seed/progress.ts';
import { CliFailure, CliUsageError, parse } from '../args.ts';

export const AUDIT_USAGE = 'Usage: tandem audit verify [--head HASH] | tandem audit seal';

const n = (x: number) => x.toLocaleString('en-US');

/** A line at every tenth on stderr (a long trail takes minutes), with the rate and time left. */
function progressReporter(started = Date.now()): (p: VerifyProgress) => void {
  let lastTenth = 0;
  return ({ walked, total }) => {
    if (total < 100_000) return;
    const share = Math.min(1, walked / total);
    const tenth = Math.floor(share * 10);
    if (tenth <= lastTenth) return;
    lastTenth = tenth;
    const elapsed = Date.now() - started;
    const rate = elapsed > 0 ? (walked * 1000) / elapsed : 0;
    const left = share > 0 ? (elapsed / share) * (1 - share) : 0;
    process.stderr.write(`${String(tenth * 10)}% ${n(walked)}/${n(total)} rows verified, ${n(Math.round(rate))} rows/s, ${formatDuration(left)} left\n`);
  };
}

export async function auditCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { head: { type: 'string' } });
  const [sub, ...extra] = positionals;
  if (extra.length > 0 || (sub !== 'verify' && sub !== 'seal')) throw new CliUsageError(AUDIT_USAGE);
  if (sub === 'seal' && values.head !== undefined) throw new CliUsageError(`--head is for verify. ${AUDIT_USAGE}`);
  if (values.head !== undefined && !/^[0-9a-fA-F]{64}$/.test(values.head)) {
    throw new CliUsageError('--head: a head hash as printed by tandem audit verify (64 hexadecimal characters)');
  }
  const opened = await openConfiguredDatabase(loadConfig(), 'command line');
  try {
    if (sub === 'seal') {
      const { sealed } = await sealAuditTrail(opened.database.db, { wait: true, everywhere: true });
      console.log(`Sealed ${n(sealed)} audit rows into the chain.`);
      return;
    }
    const result = await verifyAuditTrail(opened.database.db, {
      ...(values.head === undefined ? {} : { expectedHead: values.head }),
      onProgress: progressReporter(),
    });
    if (result.problem) {
      throw new CliFailure(
        `audit trail NOT intact: ${result.problem.message}\n` +
          `(${n(result.sealed)} rows verified before it, ${n(result.unsealed)} not yet sealed)`,
      );
    }
    const head = result.head ? `head ${result.head.hash} (chain position ${result.head.chainSeq})` : 'no rows sealed yet';
    console.log(`audit trail intact: ${n(result.sealed)} rows sealed, ${n(result.unsealed)} not yet sealed, ${head}`);
    if (result.expectedHeadAt) {
      console.log(`the head noted earlier is at chain position ${result.expectedHeadAt.chainSeq} (row ${result.expectedHeadAt.id})`);
    }
  } finally {
    await opened.close();
  }
}
