// A table whose header row starts with an empty corner cell labels its rows with their first cell:
// those cells become row headers (<th scope="row">, and the header row's cells <th scope="col">), so a
// screen reader announces each row's name with its data and every data cell has a header (axe's
// td-has-header). Markdown tables have no way to say so themselves.
import type { Element, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import { visit } from 'unist-util-visit';

const childElements = (node: Element, tagName: string) =>
  node.children.filter((c): c is Element => c.type === 'element' && c.tagName === tagName);

export default function rehypeRowHeaders() {
  return (tree: Root) => {
    visit(tree, 'element', (table: Element) => {
      if (table.tagName !== 'table') return;
      const [thead] = childElements(table, 'thead');
      const corner = thead && childElements(childElements(thead, 'tr')[0] ?? thead, 'th')[0];
      if (!corner || toText(corner).trim() !== '') return;
      // With headers on both edges each says which way it reads (html-validate's wcag/h63); the
      // empty corner heads nothing.
      corner.tagName = 'td';
      for (const row of childElements(thead, 'tr'))
        for (const cell of childElements(row, 'th')) cell.properties = { ...cell.properties, scope: 'col' };
      for (const tbody of childElements(table, 'tbody'))
        for (const row of childElements(tbody, 'tr')) {
          const first = row.children.find((c): c is Element => c.type === 'element');
          if (first?.tagName !== 'td') continue;
          first.tagName = 'th';
          first.properties = { ...first.properties, scope: 'row' };
        }
    });
  };
}
