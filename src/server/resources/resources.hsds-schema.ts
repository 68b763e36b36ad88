/**
 * Validation of Open Referral HSDS 3.0 records against the official JSON schemas
 * (vendored in hsds-schema/, see its SOURCE.md), one record at a time, so that an
 * import can name every invalid record by its id and field and still take the rest.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { FieldIssue } from '../http/errors.ts';

const DIR = fileURLToPath(new URL('./hsds-schema/', import.meta.url));
const BASE = 'https://schemas.tandem.invalid/hsds/3.0/';

export type HsdsRecordType = 'organization' | 'service' | 'location' | 'service_at_location';

let compiled: Map<string, ValidateFunction> | null = null;

function validators(): Map<string, ValidateFunction> {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const addFormats = (formats as unknown as { default?: typeof formats }).default ?? formats;
  addFormats(ajv);
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
    ajv.addSchema(JSON.parse(readFileSync(`${DIR}${file}`, 'utf8')) as object, `${BASE}${file}`);
  }
  compiled = new Map();
  for (const type of ['organization', 'service', 'location', 'service_at_location']) {
    const fn = ajv.getSchema(`${BASE}${type}.json`);
    if (!fn) throw new Error(`HSDS schema ${type}.json is missing`);
    compiled.set(type, fn);
  }
  return compiled;
}

/** The problems with one record (its nested records of other types taken out first), as field paths. */
export function validateHsdsRecord(type: HsdsRecordType, record: unknown): FieldIssue[] {
  const validate = validators().get(type);
  if (!validate) throw new Error(`unknown HSDS record type ${type}`);
  if (validate(record)) return [];
  return (validate.errors ?? []).map((e) => {
    const base = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const missing = e.keyword === 'required' ? ((e.params as { missingProperty?: string }).missingProperty ?? '') : '';
    const path = [base, missing].filter(Boolean).join('.') || '(record)';
    return { path, message: e.keyword === 'required' ? 'Required' : (e.message ?? 'Invalid value') };
  });
}
