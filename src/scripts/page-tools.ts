// The instructor tools in the page-wide script: "Cite this page", old section ids, and, on a
// figure's page of its own or its embed page only, present mode and the embed code (a separate
// file, loaded there and nowhere else). A component's own small script would be inlined into the
// HTML by the build, which a strict CSP forbids; going through here keeps every script a file.
import './cite.ts';
import './section-redirects.ts';

if (document.querySelector('[data-figure-page], [data-figure-embed]')) void import('./figure-page.ts');
