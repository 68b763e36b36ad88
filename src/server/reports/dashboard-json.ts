/**
 * The dashboard's answer as JSON text, or gzip. A whole state's year of figures is
 * about 1.5 MB (45 retention curves of up to a year of daily points): checking that
 * against the response schema and serializing it took longer than everything else in
 * an answer from the figures cache, and under 50 connections sending 1.5 MB was the
 * ceiling. The figures kept in the cache are checked and serialized once, and
 * compressed once when a client first takes gzip; each answer only makes its small
 * parts around them (gzip-pieces.ts). The shape is dashboardOutput's, as the
 * schema's serializer would make it (unknown keys dropped).
 */
import { z } from 'zod';
import { changeRowOutput, dashboardFiguresOutput, dashboardOutput, type Dashboard, type DashboardFigures } from '../../core/reports.ts';
import { gzipOfPieces, gzipPiece, storedPiece, type GzipPiece } from '../http/gzip-pieces.ts';

interface Serialized {
  json: string;
  /** Shared by the answers that ask while it is being compressed. */
  gzip?: Promise<GzipPiece>;
}

const serialized = new WeakMap<DashboardFigures, Serialized>();

function serializedFigures(figures: DashboardFigures): Serialized {
  let kept = serialized.get(figures);
  if (kept === undefined) {
    kept = { json: JSON.stringify(dashboardFiguresOutput.parse(figures)) };
    serialized.set(figures, kept);
  }
  return kept;
}

function figuresGzip(figures: DashboardFigures): Promise<GzipPiece> {
  const kept = serializedFigures(figures);
  kept.gzip ??= gzipPiece(kept.json);
  return kept.gzip;
}

const head = dashboardOutput.omit({ current: true, comparison: true });
const changeRows = z.array(changeRowOutput);

/** The answer in order: JSON text made for this answer, and kept figures. */
function parts(dashboard: Dashboard): (string | DashboardFigures)[] {
  const { current, comparison, ...rest } = dashboard;
  const opening = `${JSON.stringify(head.parse(rest)).slice(0, -1)},"current":`;
  if (comparison === null) return [opening, current, ',"comparison":null}'];
  return [
    opening,
    current,
    `,"comparison":{"kind":${JSON.stringify(comparison.kind)},"figures":`,
    comparison.figures,
    `,"changes":${JSON.stringify(changeRows.parse(comparison.changes))}}}`,
  ];
}

export function dashboardJson(dashboard: Dashboard): string {
  return parts(dashboard)
    .map((part) => (typeof part === 'string' ? part : serializedFigures(part).json))
    .join('');
}

/** The same text as dashboardJson, gzipped; the parts made for this answer are stored as they are. */
export async function dashboardGzip(dashboard: Dashboard): Promise<Buffer> {
  return gzipOfPieces(await Promise.all(parts(dashboard).map(async (part) => (typeof part === 'string' ? storedPiece(part) : figuresGzip(part)))));
}
