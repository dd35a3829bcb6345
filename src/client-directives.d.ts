// Types for the custom hydration directive registered in astro.config.mjs (src/runtime/hydrate-ahead.ts).
declare namespace Astro {
  interface ClientDirectives {
    'client:ahead'?: boolean | { rootMargin?: string; idle?: boolean };
  }
}
