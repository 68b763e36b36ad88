import type { AnalysisDates, AnalysisExportRecord } from '../../../core/exports.ts';
import { api, buildUrl } from '../../api/client.ts';

export const exportsApi = {
  /** The download's address: a plain link, so the browser streams the zip to disk. */
  analysisUrl: (dates: AnalysisDates) => buildUrl('/api/exports/analysis', { dates }),
  history: (signal?: AbortSignal) => api.get<{ items: AnalysisExportRecord[] }>('/api/exports/analysis/history', { signal }),
};
