// Number checks shared by the schemas of the files the figures parse in the browser, on zod/mini
// (the same checks as zod in a fraction of the bytes: about 20 KB of gzipped JavaScript per tfjs figure).
import * as z from 'zod/mini';

export const positiveInt = () => z.int().check(z.positive());
export const nonnegativeInt = () => z.int().check(z.nonnegative());
export const nonnegative = () => z.number().check(z.nonnegative());
export const probability = () => z.number().check(z.gte(0), z.lte(1));
