import { InputError } from '@backstage/errors';
import { z } from 'zod';

/** `value` checked against `schema`; one InputError naming every problem. */
export function parseInput<T>(
  schema: z.ZodType<T>,
  value: unknown,
  what: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues
      .map(i => {
        const path = i.path.join('.');
        if (i.code === 'unrecognized_keys') {
          return `unknown ${what} ${i.keys.map(k => `'${k}'`).join(', ')}`;
        }
        return `${what} '${path}': ${i.message}`;
      })
      .join('; ');
    throw new InputError(`Invalid request: ${issues}`);
  }
  return result.data;
}

/** Endpoints that take no query parameters refuse any. */
export const noQuery = z.strictObject({});
