// Brace matching for `\boxed{…}` and `\text{…}`. Escaped braces (`\{`, `\}`) are set delimiters, not
// groups, and are skipped. Both functions are linear in the text length, whatever the nesting, so
// `{` repeated 50,000 times costs one pass.
//
//   findClosingBrace("\\boxed{\\frac{1}{2}}", 6)  // 18
//   const close = closingBraces(text); close[i]  // index of the `}` matching the `{` at i, or -1

/** Index of the `}` that closes the `{` at `open`, or -1 when it is never closed. */
export function findClosingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92 /* \ */) {
      i++;
      continue;
    }
    if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return i;
  }
  return -1;
}

/** For every unescaped `{` of `s` from `from` on, the index of its matching `}` (-1: unclosed). */
export function closingBraces(s: string, from = 0): Int32Array {
  const close = new Int32Array(s.length).fill(-1);
  const stack: number[] = [];
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) {
      i++;
      continue;
    }
    if (c === 123) stack.push(i);
    else if (c === 125 && stack.length > 0) close[stack.pop()!] = i;
  }
  return close;
}
