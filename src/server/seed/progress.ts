/**
 * The generator's progress on stderr: a bar redrawn in place on a terminal, a line
 * at every tenth otherwise (logs, CI); both with rows per second and the time left.
 */
import type { ScaleProgress } from './scale.ts';

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${String(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${String(m)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${String(Math.floor(m / 60))} h ${String(m % 60).padStart(2, '0')} min`;
}

export function progressLine(p: ScaleProgress): string {
  const share = p.participants === 0 ? 1 : p.participantsDone / p.participants;
  const rate = p.elapsedMs > 0 ? (p.rows * 1000) / p.elapsedMs : 0;
  const left = share > 0 ? (p.elapsedMs / share) * (1 - share) : Number.NaN;
  return `${p.participantsDone.toLocaleString('en-US')}/${p.participants.toLocaleString('en-US')} participants, ${p.rows.toLocaleString('en-US')} rows, ${Math.round(rate).toLocaleString('en-US')} rows/s, ${Number.isNaN(left) ? '…' : `${formatDuration(left)} left`}`;
}

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): (p: ScaleProgress) => void {
  let lastTenth = 0;
  return (p) => {
    const share = p.participants === 0 ? 1 : p.participantsDone / p.participants;
    if (stream.isTTY) {
      const width = 24;
      const filled = Math.round(share * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${progressLine(p)}\x1b[K`);
      if (share >= 1) stream.write('\n');
      return;
    }
    const tenth = Math.floor(share * 10);
    if (tenth > lastTenth || share >= 1) {
      lastTenth = tenth;
      stream.write(`${String(Math.floor(share * 100))}% ${progressLine(p)}\n`);
    }
  };
}
