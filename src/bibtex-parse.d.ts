// bibtex-parse ships no types: what the tests use of it (a strict BibTeX parser that throws on bad syntax).
declare module 'bibtex-parse' {
  /** One entry: `key` and `type` as written, every field under its name in capitals. */
  export interface BibtexEntry {
    key: string;
    type: string;
    [field: string]: unknown;
  }
  const bibtexParse: {
    entries(bibtex: string): BibtexEntry[];
  };
  export default bibtexParse;
}
