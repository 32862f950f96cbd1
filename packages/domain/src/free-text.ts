import type { z } from 'zod';

/** What zod 4 says of a schema's kind, and where its parts are (the parts of its definition this walk reads). */
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
}
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * A value with everything a person wrote in it replaced (by `replace`: sealed under the case's key, say), by
 * its schema: what stays as it was are the codes of fixed lists (enums, literals), yes/no answers and numbers,
 * which the reports and the case's rules read. Every other string (a note, a goal, a reason, a date) is
 * replaced. Fields the schema does not know are dropped: what is not known to be a code is not kept in clear.
 */
export async function replaceFreeText(schema: z.ZodType, value: unknown, replace: (text: string) => Promise<unknown>): Promise<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'enum':
    case 'literal':
    case 'boolean':
    case 'number':
      return value;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      return value === undefined || value === null ? value : replaceFreeText(def.innerType!, value, replace);
    case 'pipe':
      return replaceFreeText(def.in!, value, replace);
    case 'string':
      return typeof value === 'string' ? replace(value) : undefined;
    case 'array':
      return Array.isArray(value) ? Promise.all(value.map((v) => replaceFreeText(def.element!, v, replace))) : undefined;
    case 'object': {
      if (!value || typeof value !== 'object') return undefined;
      const kept: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(def.shape!)) {
        const replaced = await replaceFreeText(field, (value as Record<string, unknown>)[key], replace);
        if (replaced !== undefined) kept[key] = replaced;
      }
      return kept;
    }
    case 'union': {
      // The first option the value parses as (a discriminated union's by its code).
      const option = def.options!.find((o) => o.safeParse(value).success);
      return option ? replaceFreeText(option, value, replace) : undefined;
    }
    default:
      return undefined;
  }
}
