/**
 * Cross-reference labels of the book, read from the chapters' MDX source at build time: section
 * headings (`## Title [#id]`), figures, tables, display equations and exercises. Numbers follow
 * document order within a chapter ("Figure 2.3", "Table 2.1", "(2.1)", "Exercise 2.1"), so they never
 * depend on rendering order.
 */
export type LabelKind = 'figure' | 'table' | 'equation' | 'exercise';

export interface Label {
  id: string;
  kind: LabelKind;
  chapter: number;
  slug: string;
  /** Position within its chapter and kind, from 1. */
  index: number;
  /** For an interactive figure (a `<NameFigure … />` tag): the component and its string attributes. */
  widget?: { component: string; props: Record<string, string> };
  /** For an exercise: its title and whether it is worked on paper or in a figure (`lab`). */
  exercise?: { title: string; type: ExerciseType };
}

export const EXERCISE_TYPES = ['worked', 'lab'] as const;
export type ExerciseType = (typeof EXERCISE_TYPES)[number];

export interface Heading {
  id: string;
  depth: 2 | 3;
  text: string;
}

export interface ChapterSource {
  number: number;
  slug: string;
  source: string;
}

export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const KIND_BY_TAG: Record<string, LabelKind> = {
  Figure: 'figure',
  TableFigure: 'table',
  Equation: 'equation',
  Exercise: 'exercise',
};

/** The id prefix each kind of label must use. */
export const LABEL_PREFIX: Record<LabelKind, string> = {
  figure: 'fig-',
  table: 'tab-',
  equation: 'eq-',
  exercise: 'ex-',
};

/** Whether an id names a numbered label (as opposed to a section heading). */
export const isLabelId = (id: string) => /^(fig|tab|eq|ex)-/.test(id);

/** The id an interactive figure gets when the chapter gives it none: SwissRollFigure → fig-swiss-roll. */
export function defaultFigureId(componentName: string): string {
  const stem = componentName.replace(/Figure$/, '');
  return 'fig-' + stem.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** Blanks out fenced code and MDX comments so that examples inside them are not taken as labels. */
function withoutCode(source: string): string {
  return source
    .replace(/^```[\s\S]*?^```/gm, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, (m) => m.replace(/[^\n]/g, ' '));
}

/** Splits "Title [#id]" into its text and id; text without a trailing id gives `id: undefined`. */
export function parseHeadingText(raw: string): { text: string; id?: string } {
  const m = /^(.*?)\s*\[#([^\]\s]+)\]\s*$/.exec(raw);
  if (!m) return { text: raw.trim() };
  return { text: m[1]!.trim(), id: m[2] };
}

/** Plain text of a heading's inline Markdown, for the outline and link labels. */
export function plainHeadingText(text: string): string {
  return text.replace(/[*_`]/g, '').replace(/\\([\\`*_{}[\]()#+.!-])/g, '$1');
}

export function headingsOf(source: string, where = 'chapter'): Heading[] {
  const headings: Heading[] = [];
  const seen = new Set<string>();
  for (const line of withoutCode(source).split('\n')) {
    const m = /^(#{2,6})\s+(.*)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length;
    const { text, id } = parseHeadingText(m[2]!);
    if (depth > 3) throw new Error(`${where}: heading "${text}" is deeper than ###; the book uses two levels`);
    if (!id) throw new Error(`${where}: heading "${text}" has no stable id; write it as "${m[1]} ${text} [#some-id]"`);
    if (!ID_PATTERN.test(id)) throw new Error(`${where}: heading id "${id}" must be lowercase words joined by hyphens`);
    if (seen.has(id)) throw new Error(`${where}: heading id "${id}" is used twice`);
    seen.add(id);
    headings.push({ id, depth: depth as 2 | 3, text: plainHeadingText(text) });
  }
  return headings;
}

/**
 * The sections a chapter page adds after the body when the chapter has an exercises file
 * (src/pages/[chapter].astro): part of the outline, and reachable with `<Ref to="slug#exercises">`.
 */
export const STUDY_HEADINGS: readonly Heading[] = [
  { id: 'key-takeaways', depth: 2, text: 'Key takeaways' },
  { id: 'exercises', depth: 2, text: 'Exercises' },
];

/** The `name="value"` attributes of a tag (expressions in braces are not values a page can reuse). */
export function stringAttributes(attrs: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of attrs.matchAll(/([A-Za-z][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[m[1]!] = m[2] ?? m[3] ?? '';
  return out;
}

function exerciseAttributes(id: string, attrs: string): { title: string; type: ExerciseType } {
  const { title, type = 'worked' } = stringAttributes(attrs);
  if (!title?.trim()) throw new Error(`<Exercise id="${id}"> needs a title="…"`);
  if (!(EXERCISE_TYPES as readonly string[]).includes(type))
    throw new Error(`<Exercise id="${id}"> has type="${type}"; use ${EXERCISE_TYPES.join(' or ')}`);
  return { title: title.trim(), type: type as ExerciseType };
}

/** All numbered labels of all chapters, keyed by id; ids must be unique across the book. */
export function collectLabels(chapters: ChapterSource[]): Map<string, Label> {
  const labels = new Map<string, Label>();
  for (const chapter of chapters) {
    const counts: Record<LabelKind, number> = { figure: 0, table: 0, equation: 0, exercise: 0 };
    const tag = /<([A-Z][A-Za-z0-9]*)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
    const source = withoutCode(chapter.source);
    for (const m of source.matchAll(tag)) {
      const name = m[1]!;
      const attrs = m[2] ?? '';
      const kind: LabelKind | undefined = KIND_BY_TAG[name] ?? (name.endsWith('Figure') ? 'figure' : undefined);
      if (!kind) continue;
      const explicit = /\bid\s*=\s*["']([^"']+)["']/.exec(attrs)?.[1];
      const id = explicit ?? (KIND_BY_TAG[name] ? undefined : defaultFigureId(name));
      if (!id) throw new Error(`chapter ${chapter.number}: <${name}> needs an id`);
      const prefix = LABEL_PREFIX[kind];
      if (!id.startsWith(prefix) || !ID_PATTERN.test(id)) {
        throw new Error(
          `chapter ${chapter.number}: <${name} id="${id}"> must start with "${prefix}" and use lowercase words joined by hyphens`,
        );
      }
      const clash = labels.get(id);
      if (clash)
        throw new Error(
          `label "${id}" is used in chapter ${clash.chapter} and chapter ${chapter.number}; ids are unique across the book`,
        );
      counts[kind] += 1;
      const widget = KIND_BY_TAG[name] ? undefined : { component: name, props: stringAttributes(attrs) };
      const exercise = kind === 'exercise' ? exerciseAttributes(id, attrs) : undefined;
      labels.set(id, {
        id,
        kind,
        chapter: chapter.number,
        slug: chapter.slug,
        index: counts[kind],
        ...(widget && { widget }),
        ...(exercise && { exercise }),
      });
    }
  }
  return labels;
}

const KIND_WORD: Record<Exclude<LabelKind, 'equation'>, string> = {
  figure: 'Figure',
  table: 'Table',
  exercise: 'Exercise',
};

/** "Figure 1.2", "Table 3.1", "Exercise 5.2" or "(1.1)" as printed beside the labelled thing. */
export function labelNumber(label: Label): string {
  const n = `${label.chapter}.${label.index}`;
  return label.kind === 'equation' ? `(${n})` : `${KIND_WORD[label.kind]} ${n}`;
}

/** "Figure 1.2", "Table 3.1", "Exercise 5.2" or "Eq. (1.1)" as written in running text. */
export function labelReference(label: Label): string {
  return label.kind === 'equation' ? `Eq. ${labelNumber(label)}` : labelNumber(label);
}
