// The duplicate-key scanner against texts built to fool it: keys and values holding colons, quotes
// and backslashes, spaced-out JSON, escaped key spellings, nesting in arrays. Each duplicate is
// found with its dotted field and column; texts without one pass.
import { describe, expect, it } from "vitest";
import { duplicateKeyOf } from "./json-keys.ts";

const dupOf = (text: string) => duplicateKeyOf(text, JSON.parse(text));

describe("duplicateKeyOf", () => {
  it.each([
    ['{"a":1,"b":"x:y","a":2}', { key: "a", field: "a", column: 18 }],
    ['{"a":"q\\":","a":3}', { key: "a", field: "a", column: 13 }],
    ['{ "a" : 1 , "a" : 2 }', { key: "a", field: "a", column: 13 }],
    ['{"a" :1,"a" :":"}', { key: "a", field: "a", column: 9 }],
    ['{"\\u0061":1,"a":2}', { key: "a", field: "a", column: 13 }],
    ['{"s":[{"t":1},{"t":1,"t":2}]}', { key: "t", field: "s.1.t", column: 22 }],
    ['{"a":{"b":1,"c":{"b":2,"b":3}}}', { key: "b", field: "a.c.b", column: 24 }],
  ])("finds the duplicate in %s", (text, expected) => {
    expect(dupOf(text)).toEqual(expected);
  });

  it.each([
    '{"a":"\\\\","b:":1}',
    '{"x":[1,2,{"k":":"}],"y":{}}',
    '[{"a":1},{"a":2}]',
    '{"a":{"b":1},"c":{"b":1}}',
    '{ "a" : "::" , "b" : { "a" : 1 } }',
    '"just a string"',
  ])("passes %s", (text) => {
    expect(dupOf(text)).toBeUndefined();
  });
});
