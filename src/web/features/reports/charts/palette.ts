/**
 * Series colours for the outcome charts: an Okabe–Ito–derived, colour-blind-safe
 * set, each darkened to at least 4.5:1 on white so a line and its label read as
 * text does. Colour never carries meaning alone: lines also differ in dash and
 * carry their name, bars carry their number.
 */
export const SERIES_COLOURS = ['#0072B2', '#B84E00', '#007A5A', '#AA3377', '#8A5A00', '#4F5A63'] as const;

/** Stroke dash patterns paired with the colours, so lines differ in print and in greyscale too. */
export const SERIES_DASHES = ['', '6 3', '2 2', '8 3 2 3', '4 4', '1 3'] as const;

export const INK = '#1a2328';
export const MUTED = '#4f5a63';
export const GRID = '#c9d1d6';

export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] ?? INK;
}

/** Shifted by one each time the colours come round again, so no two of the first 36 lines look the same. */
export function seriesDash(index: number): string {
  const shift = Math.floor(index / SERIES_COLOURS.length);
  return SERIES_DASHES[(index + shift) % SERIES_DASHES.length] ?? '';
}
