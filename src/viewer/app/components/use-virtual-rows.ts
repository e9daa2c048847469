// Preact binding of @tanstack/virtual-core: renders only the rows in (and just around) the scroll
// viewport, measuring each rendered row's real height so wrapped text never overlaps.

import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import type { RefObject } from 'preact';
import { useLayoutEffect, useReducer, useState } from 'preact/hooks';

export function useVirtualRows(
  scrollRef: RefObject<HTMLElement | null>,
  count: number,
  estimateSize: number,
): Virtualizer<HTMLElement, HTMLElement> {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const options = {
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimateSize,
    overscan: 6,
    scrollToFn: elementScroll,
    observeElementRect,
    observeElementOffset,
    // Whole pixels, rounded up: a row measured a fraction short would let the next one cover its border.
    measureElement: (el: HTMLElement) => Math.ceil(el.getBoundingClientRect().height),
    onChange: () => rerender(undefined),
  };
  const [virtualizer] = useState(() => new Virtualizer<HTMLElement, HTMLElement>(options));
  virtualizer.setOptions(options);
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => virtualizer._willUpdate());
  return virtualizer;
}
