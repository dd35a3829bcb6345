// Canvas and WebGL drawing need theme colours as numbers. The stylesheet defines them with
// light-dark(), so reading the custom property gives the unresolved function; instead let the browser
// resolve the colour on a probe element that inherits the page's color-scheme.
export type Rgb = [number, number, number];

export function themeColour(name: string, within: Element = document.documentElement): Rgb {
  const probe = document.createElement('span');
  probe.style.color = `var(${name})`;
  probe.style.display = 'none';
  within.append(probe);
  const resolved = getComputedStyle(probe).color;
  probe.remove();
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(resolved);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
}
