// JSON Schema validation for is-json / contains-json: turns the assertion value (object, YAML or
// JSON text, or a loaded file) into an ajv validator, compiled once per distinct schema.

import AjvModule, { type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

type Ajv = InstanceType<typeof AjvModule.default>;

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function getAjv(): Ajv {
  if (!ajv) {
    // Unknown keywords are schema mistakes (promptfoo's strictSchema); type-strictness would only log noise.
    const strictSchema = !isTruthyEnv(process.env.PROMPTFOO_DISABLE_AJV_STRICT_MODE);
    ajv = new AjvModule.default({
      strictSchema,
      strictTypes: false,
      strictTuples: false,
      strictRequired: false,
      allErrors: false,
    });
    addFormatsModule.default(ajv);
    ajv.addKeyword({ keyword: ['property_ordering', 'propertyOrdering'], valid: true });
  }
  return ajv;
}

function isTruthyEnv(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

/** True when the assertion carries a schema (promptfoo treats '' and null as "no schema"). */
export function hasSchema(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** Returns a validator, or the reason the schema cannot be used. */
export function schemaValidator(value: unknown, type: string): { validate: ValidateFunction } | { error: string } {
  try {
    const schema: unknown = typeof value === 'string' ? parseYaml(value) : value;
    if (typeof schema !== 'boolean' && (typeof schema !== 'object' || schema === null)) {
      throw new Error(`${type} assertion must have a string, boolean, or object value`);
    }
    const key = JSON.stringify(schema);
    let validate = validators.get(key);
    if (!validate) {
      validate = getAjv().compile(schema as object | boolean);
      if (validators.size > 500) validators.clear();
      validators.set(key, validate);
    }
    return { validate };
  } catch (err) {
    return { error: `Invalid JSON schema: ${(err as Error).message}` };
  }
}

export function schemaErrors(validate: ValidateFunction): string {
  return getAjv().errorsText(validate.errors);
}
