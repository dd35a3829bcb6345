// Canvas and WebGL drawing need theme colours as numbers. The stylesheet defines them with
// light-dark(), so reading the custom property gives the unresolved function; instead let the browser
// resolve the colour on a probe element that inherits the page's color-scheme.
export type Rgb = [number, number, number];

export function themeColour(name: string, within: Element = document.documentElement): Rgb {
  return themeColours([name], within)[0] ?? [0, 0, 0];
}

/**
 * Several theme colours at once: all probes go in before the first is read, so the browser resolves
 * styles once (each getComputedStyle on a changed page is a forced style recalculation).
 */
export function themeColours(names: readonly string[], within: Element = document.documentElement): Rgb[] {
  const probes = names.map((name) => {
    const probe = document.createElement('span');
    probe.style.color = `var(${name})`;
    probe.style.display = 'none';
    return probe;
  });
  within.append(...probes);
  const resolved = probes.map((probe) => getComputedStyle(probe).color);
  for (const probe of probes) probe.remove();
  return resolved.map((colour): Rgb => {
    const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(colour);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  });
}
