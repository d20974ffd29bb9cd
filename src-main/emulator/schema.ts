// A small JSON-schema checker that words its violations the way Bedrock does (Bedrock validates
// model bodies with the everit JSON-schema library): "#/cfg_scale: 40.0 is not less or equal to 35".
// Every violation is reported, one after the other in one message, as Bedrock passes everit's on.
import { malformedInput } from './aws-errors.ts';

export type Schema =
  | { type: 'object'; properties: Record<string, Schema>; required?: string[]; additional?: boolean }
  | { type: 'array'; items: Schema; minItems?: number; maxItems?: number }
  | { type: 'string'; enum?: readonly string[]; minLength?: number; maxLength?: number; pattern?: RegExp }
  | { type: 'integer' | 'number'; minimum?: number; maximum?: number }
  | { type: 'boolean' }
  | { type: 'any' };

function typeName(value: unknown): string {
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'JSONArray';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'BigDecimal';
  return 'JSONObject';
}

const EXPECTED: Record<string, string> = {
  object: 'JSONObject',
  array: 'JSONArray',
  string: 'String',
  integer: 'Integer',
  number: 'Number',
  boolean: 'Boolean',
};

/** Java prints doubles with a fraction ("40.0"); integer fields print as integers. */
function showNumber(value: number, asDouble: boolean): string {
  return asDouble && Number.isInteger(value) ? `${value}.0` : String(value);
}

/** Every violation of `value` against `schema`, in document order (everit's wording). */
export function violations(schema: Schema, value: unknown, path = '#'): string[] {
  switch (schema.type) {
    case 'any':
      return [];
    case 'object':
      return objectViolations(schema, value, path);
    case 'array': {
      if (!Array.isArray(value)) return [`${path}: expected type: JSONArray, found: ${typeName(value)}`];
      const found: string[] = [];
      if (schema.minItems !== undefined && value.length < schema.minItems)
        found.push(`${path}: expected minimum item count: ${schema.minItems}, found: ${value.length}`);
      if (schema.maxItems !== undefined && value.length > schema.maxItems)
        found.push(`${path}: expected maximum item count: ${schema.maxItems}, found: ${value.length}`);
      value.forEach((item, i) => found.push(...violations(schema.items, item, `${path}/${i}`)));
      return found;
    }
    case 'string':
      return stringViolations(schema, value, path);
    case 'integer':
    case 'number':
      return numberViolations(schema, value, path);
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: expected type: Boolean, found: ${typeName(value)}`];
  }
}

function objectViolations(schema: Extract<Schema, { type: 'object' }>, value: unknown, path: string): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [`${path}: expected type: JSONObject, found: ${typeName(value)}`];
  }
  const record = value as Record<string, unknown>;
  const found: string[] = [];
  for (const key of schema.required ?? []) {
    if (record[key] === undefined) found.push(`${path}: required key [${key}] not found`);
  }
  for (const [key, child] of Object.entries(record)) {
    const childSchema = schema.properties[key];
    if (childSchema) found.push(...violations(childSchema, child, `${path}/${key}`));
    else if (!schema.additional) found.push(`${path}: extraneous key [${key}] is not permitted`);
  }
  return found;
}

function stringViolations(schema: Extract<Schema, { type: 'string' }>, value: unknown, path: string): string[] {
  if (typeof value !== 'string') return [`${path}: expected type: String, found: ${typeName(value)}`];
  if (schema.enum && !schema.enum.includes(value)) return [`${path}: ${value} is not a valid enum value`];
  if (schema.minLength !== undefined && value.length < schema.minLength)
    return [`${path}: expected minLength: ${schema.minLength}, actual: ${value.length}`];
  if (schema.maxLength !== undefined && value.length > schema.maxLength)
    return [`${path}: expected maxLength: ${schema.maxLength}, actual: ${value.length}`];
  if (schema.pattern && !schema.pattern.test(value))
    return [`${path}: string [${value}] does not match pattern ${schema.pattern.source}`];
  return [];
}

function numberViolations(
  schema: Extract<Schema, { type: 'integer' | 'number' }>,
  value: unknown,
  path: string,
): string[] {
  if (typeof value !== 'number' || !Number.isFinite(value))
    return [`${path}: expected type: ${EXPECTED[schema.type]}, found: ${typeName(value)}`];
  if (schema.type === 'integer' && !Number.isInteger(value))
    return [`${path}: expected type: Integer, found: BigDecimal`];
  const asDouble = schema.type === 'number';
  if (schema.minimum !== undefined && value < schema.minimum)
    return [`${path}: ${showNumber(value, asDouble)} is not greater or equal to ${schema.minimum}`];
  if (schema.maximum !== undefined && value > schema.maximum)
    return [`${path}: ${showNumber(value, asDouble)} is not less or equal to ${schema.maximum}`];
  return [];
}

export function firstViolation(schema: Schema, value: unknown, path = '#'): string | undefined {
  return violations(schema, value, path)[0];
}

/** Throws Bedrock's ValidationException listing every violation in one message. */
export function checkSchema(schema: Schema, value: unknown): void {
  const found = violations(schema, value);
  if (found.length > 0) throw malformedInput(found);
}

// Shorthands keep the per-family schemas readable.
export const str = (extra: Omit<Extract<Schema, { type: 'string' }>, 'type'> = {}): Schema => ({
  type: 'string',
  ...extra,
});
export const int = (minimum?: number, maximum?: number): Schema => ({ type: 'integer', minimum, maximum });
export const num = (minimum?: number, maximum?: number): Schema => ({ type: 'number', minimum, maximum });
export const oneOf = (values: readonly string[]): Schema => ({ type: 'string', enum: values });
export const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object',
  properties,
  required,
});
