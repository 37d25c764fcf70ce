// Glob match for configuration rules (`*=` and `%*`): `*` any run of characters, `?` one character,
// everything else literal. Compiled to an anchored RegExp with every literal escaped, so a rule
// value can never inject regular-expression syntax.

export function compileGlob(glob: string, ignoreCase: boolean): (path: string) => boolean {
  let source = '^';
  for (const ch of glob) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  }
  const re = new RegExp(source + '$', ignoreCase ? 'is' : 's');
  return (path) => re.test(path);
}
