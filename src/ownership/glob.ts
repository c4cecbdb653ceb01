/**
 * Compiles a glob into an anchored regular expression: `*` matches any run of characters
 * (slashes and backslashes included, so `E:\apps\*` matches every folder below), `?` one character,
 * and everything else itself.
 */
export function globToRegExp(pattern: string, ignoreCase: boolean): RegExp {
  let source = '';
  for (const character of pattern) {
    if (character === '*') {
      source += '.*';
    } else if (character === '?') {
      source += '.';
    } else {
      source += character.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '');
}
