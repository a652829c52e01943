// The model stages' names for the project's one seeded generator (random.ts): `Prng` (mulberry32 with
// a saveable state: weight initialisation, data order, dropout, sampling) and `deriveSeed(seed, …)`.
export { mixSeed as deriveSeed, Prng } from "../random.ts";
