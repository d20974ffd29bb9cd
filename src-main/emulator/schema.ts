// A small JSON-schema checker that words its violations the way Bedrock does (Bedrock validates
// model bodies with the everit JSON-schema library): "#/cfg_scale: 40.0 is not less or equal to 35".
// It reports the first violation only, so the message always names one field.
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

export function firstViolation(schema: Schema, value: unknown, path = '#'): string | undefined {
  switch (schema.type) {
    case 'any':
      return undefined;
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return `${path}: expected type: JSONObject, found: ${typeName(value)}`;
      }
      const record = value as Record<string, unknown>;
      for (const key of schema.required ?? []) {
        if (record[key] === undefined) return `${path}: required key [${key}] not found`;
      }
      for (const [key, child] of Object.entries(record)) {
        const childSchema = schema.properties[key];
        if (!childSchema) {
          if (schema.additional) continue;
          return `${path}: extraneous key [${key}] is not permitted`;
        }
        const found = firstViolation(childSchema, child, `${path}/${key}`);
        if (found) return found;
      }
      return undefined;
    }
    case 'array': {
      if (!Array.isArray(value)) return `${path}: expected type: JSONArray, found: ${typeName(value)}`;
      if (schema.minItems !== undefined && value.length < schema.minItems) {
        return `${path}: expected minimum item count: ${schema.minItems}, found: ${value.length}`;
      }
      if (schema.maxItems !== undefined && value.length > schema.maxItems) {
        return `${path}: expected maximum item count: ${schema.maxItems}, found: ${value.length}`;
      }
      for (let i = 0; i < value.length; i++) {
        const found = firstViolation(schema.items, value[i], `${path}/${i}`);
        if (found) return found;
      }
      return undefined;
    }
    case 'string': {
      if (typeof value !== 'string') return `${path}: expected type: String, found: ${typeName(value)}`;
      if (schema.enum && !schema.enum.includes(value)) return `${path}: ${value} is not a valid enum value`;
      if (schema.minLength !== undefined && value.length < schema.minLength) {
        return `${path}: expected minLength: ${schema.minLength}, actual: ${value.length}`;
      }
      if (schema.maxLength !== undefined && value.length > schema.maxLength) {
        return `${path}: expected maxLength: ${schema.maxLength}, actual: ${value.length}`;
      }
      if (schema.pattern && !schema.pattern.test(value)) {
        return `${path}: string [${value}] does not match pattern ${schema.pattern.source}`;
      }
      return undefined;
    }
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return `${path}: expected type: ${EXPECTED[schema.type]}, found: ${typeName(value)}`;
      }
      if (schema.type === 'integer' && !Number.isInteger(value))
        return `${path}: expected type: Integer, found: BigDecimal`;
      const asDouble = schema.type === 'number';
      if (schema.minimum !== undefined && value < schema.minimum) {
        return `${path}: ${showNumber(value, asDouble)} is not greater or equal to ${schema.minimum}`;
      }
      if (schema.maximum !== undefined && value > schema.maximum) {
        return `${path}: ${showNumber(value, asDouble)} is not less or equal to ${schema.maximum}`;
      }
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${path}: expected type: Boolean, found: ${typeName(value)}`;
  }
}

/** Throws Bedrock's ValidationException for the first violation. */
export function checkSchema(schema: Schema, value: unknown): void {
  const violation = firstViolation(schema, value);
  if (violation) throw malformedInput(violation);
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
