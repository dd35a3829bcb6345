/**
 * How a figure's page is shown, kept in its query next to the figure's own state so that a link
 * opens it the same way: `view=present` (present mode: the figure alone, scaled for a projector)
 * and `controls=hidden` (the figure's controls hidden: a fixed state to show or embed).
 * Values that mean nothing are dropped, as figures drop unreadable state.
 */
export interface FigureModes {
  present: boolean;
  controlsHidden: boolean;
}

export const VIEW_PARAM = 'view';
export const CONTROLS_PARAM = 'controls';

export function readModes(params: URLSearchParams): FigureModes {
  return {
    present: params.get(VIEW_PARAM) === 'present',
    controlsHidden: params.get(CONTROLS_PARAM) === 'hidden',
  };
}

/** A copy of `params` with the modes written in (and unknown values of their names removed). */
export function writeModes(params: URLSearchParams, modes: FigureModes): URLSearchParams {
  const next = new URLSearchParams(params);
  if (modes.present) next.set(VIEW_PARAM, 'present');
  else next.delete(VIEW_PARAM);
  if (modes.controlsHidden) next.set(CONTROLS_PARAM, 'hidden');
  else next.delete(CONTROLS_PARAM);
  return next;
}

/**
 * The address of a figure's embed page carrying the figure's current state: the page's query
 * without present mode (an embed is never in present mode), "controls hidden" kept.
 */
export function embedUrl(pageHref: string, embedPath: string): string {
  const page = new URL(pageHref);
  const url = new URL(embedPath, page);
  const { controlsHidden } = readModes(page.searchParams);
  url.search = writeModes(page.searchParams, { present: false, controlsHidden }).toString();
  return url.href;
}

const escapeAttribute = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The `<iframe>` a course page pastes: 640 × 480 unless told otherwise, shrinking on a phone. */
export function embedCode(src: string, title: string, width = 640, height = 480): string {
  return (
    `<iframe src="${escapeAttribute(src)}" title="${escapeAttribute(title)}" width="${width}" height="${height}" ` +
    `loading="lazy" style="border: 1px solid #ccc; max-width: 100%;"></iframe>`
  );
}
