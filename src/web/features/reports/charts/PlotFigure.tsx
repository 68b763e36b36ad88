import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';
import { INK } from './palette.ts';
import { useContainerWidth } from './useContainerWidth.ts';

/** Builds a chart's Plot options for the width it has. */
export type PlotBuilder = (width: number) => Plot.PlotOptions;

/**
 * An Observable Plot chart inside React: Plot draws the SVG, this component puts
 * it in its box and draws it again when the data (the `build` function) or the
 * box's width changes. The SVG is one image to assistive technology, named by
 * `label`; its numbers live in a table beside it (see NumbersTable).
 */
export function PlotFigure({ label, build, testId }: { label: string; build: PlotBuilder; testId?: string }) {
  const { ref, width } = useContainerWidth<HTMLDivElement>();
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const options = build(width);
    const figure = Plot.plot({
      ...options,
      width,
      ariaLabel: label,
      style: { fontSize: '13px', color: INK, background: 'transparent', overflow: 'visible' },
    });
    // Plot names its inner groups ("bar", "rule"): inside one image those names are not allowed, and say nothing anyway.
    for (const el of Array.from(figure.querySelectorAll('[aria-label], [aria-description]'))) {
      el.removeAttribute('aria-label');
      el.removeAttribute('aria-description');
    }
    figure.setAttribute('role', 'img');
    figure.setAttribute('aria-label', label);
    el.replaceChildren(figure);
    return () => {
      el.replaceChildren();
    };
  }, [build, width, label]);

  return (
    <div ref={ref} className="plot-box">
      <div ref={host} className="plot-host" data-testid={testId} />
    </div>
  );
}
