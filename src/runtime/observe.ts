// Small observers a figure needs, each returning its own cleanup: its size, whether it is on screen,
// the reader's motion preference and the page theme.

/** Calls `onSize(width, height)` in CSS pixels now-ish and whenever the element's box changes. */
export function observeSize(el: Element, onSize: (width: number, height: number) => void): () => void {
  const ro = new ResizeObserver((entries) => {
    const box = entries.at(-1)!.contentRect;
    onSize(box.width, box.height);
  });
  ro.observe(el);
  return () => ro.disconnect();
}

/**
 * Calls `onChange(visible)` when the element enters or leaves the viewport (with a margin, so work
 * resumes just before it scrolls in) or the tab is hidden or shown.
 */
export function observeVisibility(el: Element, onChange: (visible: boolean) => void, rootMargin = '100px'): () => void {
  let intersecting = false;
  const report = () => onChange(intersecting && document.visibilityState === 'visible');
  const io = new IntersectionObserver(
    (entries) => {
      intersecting = entries.at(-1)!.isIntersecting;
      report();
    },
    { rootMargin },
  );
  io.observe(el);
  document.addEventListener('visibilitychange', report);
  return () => {
    io.disconnect();
    document.removeEventListener('visibilitychange', report);
  };
}

/** Is reduced motion asked for right now? */
export const prefersReducedMotion = () => matchMedia('(prefers-reduced-motion: reduce)').matches;

/** Calls `onChange()` when the page theme may have changed (the toggle's data-theme, or the system's). */
export function observeTheme(onChange: () => void): () => void {
  const mo = new MutationObserver(onChange);
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class'] });
  const mq = matchMedia('(prefers-color-scheme: dark)');
  mq.addEventListener('change', onChange);
  return () => {
    mo.disconnect();
    mq.removeEventListener('change', onChange);
  };
}
