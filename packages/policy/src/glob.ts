/**
 * Tool name globs: `docker_*`, `mcp:github:*`, `slack_?otify`.
 * @module
 */

/** True when the pattern holds a glob character. */
export const isGlob = (pattern: string): boolean => /[*?]/.test(pattern);

/** Compile a glob to an anchored RegExp (`*` any run of characters, `?` one character). */
export function globToRegExp(pattern: string): RegExp {
  let src = '^';
  for (const ch of pattern) {
    if (ch === '*') src += '.*';
    else if (ch === '?') src += '.';
    else src += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`${src}$`);
}
