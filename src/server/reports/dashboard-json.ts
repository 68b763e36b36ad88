/**
 * The dashboard's answer as JSON text. A whole state's year of figures is about 1.5 MB
 * (45 retention curves of up to a year of daily points), and checking that against the
 * response schema and serializing it took longer than everything else in an answer
 * from the figures cache (under 50 connections, most of its time). The figures kept in
 * the cache are checked and serialized once, when first sent; each answer assembles
 * its small parts around them. The shape is dashboardOutput's, as the schema's
 * serializer would make it (unknown keys dropped).
 */
import { z } from 'zod';
import { changeRowOutput, dashboardFiguresOutput, dashboardOutput, type Dashboard, type DashboardFigures } from '../../core/reports.ts';

const serialized = new WeakMap<DashboardFigures, string>();

function figuresJson(figures: DashboardFigures): string {
  let json = serialized.get(figures);
  if (json === undefined) {
    json = JSON.stringify(dashboardFiguresOutput.parse(figures));
    serialized.set(figures, json);
  }
  return json;
}

const head = dashboardOutput.omit({ current: true, comparison: true });
const changeRows = z.array(changeRowOutput);

export function dashboardJson(dashboard: Dashboard): string {
  const { current, comparison, ...rest } = dashboard;
  const opening = JSON.stringify(head.parse(rest)).slice(0, -1);
  const compared =
    comparison === null
      ? 'null'
      : `{"kind":${JSON.stringify(comparison.kind)},"figures":${figuresJson(comparison.figures)},"changes":${JSON.stringify(changeRows.parse(comparison.changes))}}`;
  return `${opening},"current":${figuresJson(current)},"comparison":${compared}}`;
}
