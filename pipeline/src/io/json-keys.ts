// Duplicate keys in JSON: `{"answer": "4", "answer": "5"}` parses (the last value wins), so a
// reviewer reading the file may see one value while the pipeline uses another. JSON.parse cannot
// tell, so this scanner does, without parsing twice: the key/value pairs of a text are its colons
// outside strings (strings are skipped with indexOf); when that count equals the keys of the parsed
// value there is no duplicate (the common case). Otherwise a second pass names the key and where.
//
//   const dup = duplicateKeyOf(text, JSON.parse(text));   // { key: "answer", field: "answer", column: 17 } | undefined

export interface DuplicateKey {
  key: string;
  /** Dotted path of the duplicated key (`steps.0.text`). */
  field: string;
  /** 1-based column (UTF-16 units) of its second occurrence. */
  column: number;
}

/** The first duplicated key of a JSON text that parsed into `value`, or undefined. */
export function duplicateKeyOf(text: string, value: unknown): DuplicateKey | undefined {
  if (value === null || typeof value !== "object") return undefined;
  if (countPairs(text) === countKeys(value)) return undefined;
  return locateDuplicate(text);
}

/** Colons outside strings = key/value pairs of a valid JSON text (strings skipped with indexOf). */
export function countPairs(text: string): number {
  let pairs = 0;
  let i = 0;
  for (;;) {
    const quote = text.indexOf('"', i);
    const end = quote === -1 ? text.length : quote;
    for (let k = i; k < end; k++) if (text.charCodeAt(k) === 58) pairs++;
    if (quote === -1) return pairs;
    i = stringEnd(text, quote) + 1;
  }
}

/** Own keys of every object in a parsed JSON value. */
export function countKeys(v: unknown): number {
  if (v === null || typeof v !== "object") return 0;
  let n = 0;
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null && typeof x === "object") n += countKeys(x);
    return n;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) {
    n++;
    const x = o[k];
    if (x !== null && typeof x === "object") n += countKeys(x);
  }
  return n;
}

/** Index of the quote closing the string that opens at `quote`. */
function stringEnd(text: string, quote: number): number {
  let j = quote + 1;
  for (;;) {
    j = text.indexOf('"', j);
    if (j === -1) return text.length;
    let slashes = 0;
    for (let k = j - 1; text.charCodeAt(k) === 92; k--) slashes++;
    if (slashes % 2 === 0) return j;
    j++;
  }
}

interface Frame {
  keys?: Set<string>;
  field: string;
  index: number;
  expectKey: boolean;
  lastKey?: string;
}

/** The exact pass: a stack of objects and arrays with the keys seen in each object. */
function locateDuplicate(text: string): DuplicateKey | undefined {
  const stack: Frame[] = [];
  const childField = (top: Frame | undefined) =>
    !top ? "" : [top.field, top.keys ? top.lastKey : String(top.index)].filter((p) => p !== "").join(".");
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (c === 34) {
      const end = stringEnd(text, i);
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) {
          return { key, field: [top.field, key].filter((p) => p !== "").join("."), column: i + 1 };
        }
        top.keys.add(key);
        top.lastKey = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === 123 || c === 91) {
      stack.push({
        keys: c === 123 ? new Set() : undefined,
        field: childField(top),
        index: 0,
        expectKey: true,
      });
    } else if (c === 125 || c === 93) stack.pop();
    else if (c === 44 && top) {
      if (top.keys) top.expectKey = true;
      else top.index++;
    }
  }
  return undefined;
}
