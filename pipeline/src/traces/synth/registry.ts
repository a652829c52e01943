// The frozen table of synthetic generators: name → generator. Adding a family = one file, one row
// here, one test file. Names are the family names used in ids (`synth:<set>:<n>`) and sources
// (`synthetic/<family>`).
//
//   const item = getGenerator("totals").generate(createRng(1), 2, { maxOperand: 9 });
import { describeValue, TunixError } from "../../errors.ts";
import { carries } from "./carries.ts";
import { clock } from "./clock.ts";
import type { Generator } from "./generator.ts";
import { logic } from "./logic.ts";
import { ordering } from "./ordering.ts";
import { percent } from "./percent.ts";
import { rates } from "./rates.ts";
import { totals } from "./totals.ts";
import { unitPrice } from "./unit-price.ts";
import { weekday } from "./weekday.ts";

export const GENERATORS: Readonly<Record<string, Generator>> = Object.freeze({
  totals,
  rates,
  percent,
  "unit-price": unitPrice,
  carries,
  weekday,
  clock,
  ordering,
  logic,
});

export function getGenerator(name: string): Generator {
  const g = GENERATORS[name];
  if (!g) {
    throw new TunixError("E_USAGE", {
      field: "family",
      expected: Object.keys(GENERATORS).join(" | "),
      found: describeValue(name),
    });
  }
  return g;
}
