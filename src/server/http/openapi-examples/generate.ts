/** An example for any JSON schema, from the story's dictionary where a field is known. */
import { COACH, CONTACT_NOTE, type Ctx, DATES, DEFAULT_DATE, DEFAULT_INSTANT, FIELDS, INSTANTS, type Json, PARTICIPANT, RESOURCE, type Schema, entityOfKey, idFor, singular, uuidFor } from './story.ts';

// ---------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------

export const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
export const typeOf = (s: Schema): string | undefined => (Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : (s.type as string | undefined));

/** Does this value meet the schema's plain constraints (type, enum, pattern, lengths, bounds)? */
function fits(value: unknown, s: Schema): boolean {
  if (value === null) return s.nullable === true || (Array.isArray(s.type) && s.type.includes('null'));
  if (Array.isArray(s.enum) && !s.enum.includes(value)) return false;
  const type = typeOf(s);
  if (type === 'string') {
    if (typeof value !== 'string') return false;
    if (typeof s.minLength === 'number' && value.length < s.minLength) return false;
    if (typeof s.maxLength === 'number' && value.length > s.maxLength) return false;
    if (typeof s.pattern === 'string' && !matches(s.pattern, value)) return false;
    if (s.format === 'uuid' && !UUID.test(value)) return false;
    if (s.format === 'date-time' && Number.isNaN(Date.parse(value))) return false;
    if (s.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    if (s.format === 'email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) return false;
    return true;
  }
  if (type === 'integer' || type === 'number') {
    if (typeof value !== 'number' || (type === 'integer' && !Number.isInteger(value))) return false;
    return inBounds(value, s);
  }
  if (type === 'boolean') return typeof value === 'boolean';
  if (type === 'array') return Array.isArray(value) && (!isObject(s.items) || value.every((v) => fits(v, s.items as Schema)));
  if (type === 'object') return isObject(value);
  return true;
}
const patterns = new Map<string, RegExp | null>();
/** Whether the text matches the pattern (as ajv reads it: with the u flag); a pattern we cannot read does not stop an example. */
function matches(pattern: string, value: string): boolean {
  if (!patterns.has(pattern)) {
    try {
      patterns.set(pattern, new RegExp(pattern, 'u'));
    } catch {
      patterns.set(pattern, null);
    }
  }
  return patterns.get(pattern)?.test(value) ?? true;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

function inBounds(n: number, s: Schema): boolean {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = s as Record<string, number | boolean | undefined>;
  if (typeof minimum === 'number' && (exclusiveMinimum === true ? n <= minimum : n < minimum)) return false;
  if (typeof maximum === 'number' && (exclusiveMaximum === true ? n >= maximum : n > maximum)) return false;
  if (typeof exclusiveMinimum === 'number' && n <= exclusiveMinimum) return false;
  if (typeof exclusiveMaximum === 'number' && n >= exclusiveMaximum) return false;
  if (typeof multipleOf === 'number' && Math.abs(n / multipleOf - Math.round(n / multipleOf)) > 1e-9) return false;
  return true;
}

/** The dictionary's value for this field, made to the schema's type (query strings carry numbers as text). */
function fromDictionary(ctx: Ctx, s: Schema): Json | undefined {
  const entry = Object.hasOwn(FIELDS, ctx.name) ? FIELDS[ctx.name] : undefined;
  let value = typeof entry === 'function' ? entry(ctx) : entry;
  if (value === undefined && typeOf(s) === 'string') {
    if (Object.hasOwn(DATES, ctx.name)) value = DATES[ctx.name];
    else if (Object.hasOwn(INSTANTS, ctx.name)) value = INSTANTS[ctx.name];
  }
  if (value === undefined) return undefined;
  const type = typeOf(s);
  if (type === 'string' && (typeof value === 'number' || typeof value === 'boolean')) value = String(value);
  if ((type === 'number' || type === 'integer') && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) value = Number(value);
  if (type !== 'array' && Array.isArray(value)) value = value[0] ?? null;
  if (type === 'array' && !Array.isArray(value)) return undefined;
  return value;
}

/** An example for one schema. Never fails: without a better idea it makes the simplest valid value. */
export function exampleFor(schema: unknown, ctx: Ctx): Json {
  if (!isObject(schema)) return fallbackString(ctx, {});
  const s = schema;
  if (s.example !== undefined) return s.example as Json;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0] as Json;
  if (s.const !== undefined) return s.const as Json;
  if (ctx.depth > 12) return s.nullable === true ? null : minimal(s);

  if (Array.isArray(s.allOf)) return exampleFor(mergeAll(s), ctx);
  const union = (Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : null) as Schema[] | null;
  if (union) {
    const members = union.filter((m) => !(isObject(m) && (m.type === 'null' || (Array.isArray(m.enum) && m.enum.length === 1 && m.enum[0] === null))));
    const member = members.find((m) => fromDictionary(ctx, m) !== undefined && fits(fromDictionary(ctx, m), m)) ?? members[0];
    return member ? exampleFor({ ...member }, { ...ctx, depth: ctx.depth + 1 }) : null;
  }

  const known = fromDictionary(ctx, s);
  if (known !== undefined && fits(known, s)) return known;
  if (Array.isArray(s.enum)) {
    const options = s.enum.filter((v) => v !== null) as Json[];
    return options[0] ?? null;
  }

  switch (typeOf(s) ?? '') {
    case 'object':
      return objectExample(s, ctx);
    case 'array':
      return arrayExample(s, ctx);
    case 'integer':
    case 'number':
      return numberExample(s, ctx);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
      return stringExample(s, ctx);
    default:
      if (isObject(s.properties)) return objectExample(s, ctx);
      return s.nullable === true && typeOf(s) === undefined ? null : fallbackString(ctx, s);
  }
}

function mergeAll(s: Schema): Schema {
  const { allOf, ...rest } = s;
  const merged: Schema = { ...rest };
  for (const part of allOf as Schema[]) {
    if (!isObject(part)) continue;
    for (const [k, v] of Object.entries(part)) {
      if (k === 'properties') merged.properties = { ...(merged.properties as Schema | undefined), ...(v as Schema) };
      else if (k === 'required') merged.required = [...((merged.required as string[] | undefined) ?? []), ...(v as string[])];
      else merged[k] ??= v;
    }
  }
  return merged;
}

function objectExample(s: Schema, ctx: Ctx): Json {
  const out: Record<string, Json> = {};
  const properties = isObject(s.properties) ? s.properties : {};
  for (const [key, sub] of Object.entries(properties)) {
    const entity = isObject(sub) && (typeOf(sub) === 'object' || typeOf(sub) === 'array' || sub.anyOf || sub.oneOf) ? entityOfKey(key, ctx.entity) : ctx.entity;
    out[key] = exampleFor(sub, { ...ctx, name: key, parents: [...ctx.parents, key], entity, depth: ctx.depth + 1 });
  }
  // A map (record): one or two entries with believable keys.
  const extra = s.additionalProperties;
  if (isObject(extra) && Object.keys(properties).length === 0) {
    for (const key of recordKeys(s, ctx)) out[key] = exampleFor(extra, { ...ctx, name: ctx.name, depth: ctx.depth + 1 });
  }
  return out;
}

function recordKeys(s: Schema, ctx: Ctx): string[] {
  const names = isObject(s.propertyNames) ? s.propertyNames : {};
  const min = typeof s.minProperties === 'number' ? Math.max(1, s.minProperties) : 1;
  const candidates = /prompt|title|label|description|text|name/i.test(ctx.name)
    ? ['en', 'es']
    : ctx.name === 'answers'
      ? ['barc_1', 'barc_2']
      : ctx.name === 'rows' || ctx.name === 'row'
        ? ['site', 'enrolled']
        : ['cook_county_jail', 'lake_county_jail'];
  const valid = candidates.filter((k) => fits(k, { type: 'string', ...names }));
  const keys = valid.length > 0 ? valid : [stringExample({ type: 'string', ...names }, ctx)];
  return keys.slice(0, Math.max(min, /prompt|title|label|description/i.test(ctx.name) ? 2 : 1));
}

function arrayExample(s: Schema, ctx: Ctx): Json {
  const max = typeof s.maxItems === 'number' ? s.maxItems : Infinity;
  const min = typeof s.minItems === 'number' ? s.minItems : 0;
  const count = Math.min(max, Math.max(min, 1));
  const known = fromDictionary(ctx, s);
  if (Array.isArray(known) && known.length >= min && known.length <= max && fits(known, s)) return known;
  const itemName = singular(ctx.name);
  const items = isObject(s.items) ? s.items : {};
  const out: Json[] = [];
  for (let i = 0; i < count; i++) {
    const value = exampleFor(items, { ...ctx, name: itemName, depth: ctx.depth + 1 });
    // Distinct items where the schema offers choices (an enum, several people…).
    if (i > 0 && Array.isArray(items.enum)) out.push((items.enum.filter((v) => v !== null) as Json[])[i % items.enum.length] ?? value);
    else if (i > 0 && typeof value === 'string' && UUID.test(value)) out.push(uuidFor(`${itemName}:${String(i)}`));
    else out.push(value);
  }
  return out;
}

function numberExample(s: Schema, ctx: Ctx): number {
  const integer = typeOf(s) === 'integer';
  const guess = /^days|Days$/.test(ctx.name)
    ? 9
    : /.Count$/.test(ctx.name)
      ? 2
      : /^count$|^(people|total|enrolled|active|contacts|referrals|participants|sessions|attempts)/i.test(ctx.name)
      ? 41
      : /rate|share|kappa|^p[oe]$|percent/i.test(ctx.name)
        ? integer
          ? 44
          : 0.44
        : /^(lower)$/.test(ctx.name)
          ? 0.61
          : /^(upper)$/.test(ctx.name)
            ? 0.83
            : 3;
  if (inBounds(guess, s)) return guess;
  const { minimum, maximum, exclusiveMinimum, multipleOf } = s as Record<string, number | boolean | undefined>;
  const step = typeof multipleOf === 'number' ? multipleOf : integer ? 1 : 0.5;
  let n = typeof minimum === 'number' ? minimum : typeof exclusiveMinimum === 'number' ? exclusiveMinimum : typeof maximum === 'number' ? maximum : 0;
  if (typeof multipleOf === 'number') n = Math.ceil(n / multipleOf) * multipleOf;
  if (integer) n = Math.ceil(n);
  for (let i = 0; i < 4 && !inBounds(n, s); i++) n += step;
  return n;
}

function stringExample(s: Schema, ctx: Ctx): string {
  const name = ctx.name;
  const candidates: string[] = [];
  if (s.format === 'uuid' || /(^id|Id)s?$/.test(name)) candidates.push(idFor(name, ctx));
  if (s.format === 'date-time' || /At$|^at$/.test(name)) candidates.push(INSTANTS[name] ?? DEFAULT_INSTANT);
  if (s.format === 'date' || /(On|Date|Until)$|^(today|from|to|since)$/.test(name)) candidates.push(DATES[name] ?? DEFAULT_DATE);
  if (s.format === 'email') candidates.push(COACH.email);
  if (/time$|^(opens|closes)$/i.test(name)) candidates.push('10:30');
  if (typeof s.pattern === 'string') candidates.push(...PATTERN_CANDIDATES(ctx), ...[fromPattern(s.pattern)].filter((x): x is string => x !== null));
  candidates.push(fallbackString(ctx, s));
  for (const c of candidates) {
    const fitted = fitLength(c, s);
    if (fits(fitted, s)) return fitted;
  }
  return fitLength(candidates[0] ?? '', s);
}

/** Values that match the patterns our schemas use (dates, times, codes, keys, numbers as text). */
const PATTERN_CANDIDATES = (ctx: Ctx): string[] => [
  DATES[ctx.name] ?? DEFAULT_DATE,
  DEFAULT_INSTANT,
  '2026-03',
  '10:30',
  '60623',
  '492817',
  '3',
  '41.8378',
  'en',
  ctx.name.replace(/([A-Z])/g, '_$1').toLowerCase(),
  'barc10',
  uuidFor(ctx.name),
];

/** A phrase from the program's world for a text field nobody described. */
function fallbackString(ctx: Ctx, s: Schema): string {
  if (s.description === 'CSV text' || ctx.name === 'csv') return 'site,month,participants\r\nCook County Jail,2026-03,41\r\n';
  const byTag: Record<string, string> = {
    participants: `${PARTICIPANT.firstName} ${PARTICIPANT.lastName}`,
    contacts: CONTACT_NOTE.slice(0, 80),
    naloxone: 'Narcan nasal spray 4 mg, two-dose kit',
    referrals: RESOURCE.name,
    resources: RESOURCE.name,
    moud: 'Buprenorphine-naloxone 8 mg/2 mg film',
    supervision: 'Keeping secrets from the team',
    fhir: 'Patient',
  };
  return byTag[ctx.tag] ?? 'Peer recovery support at Cook County Jail';
}

/** Pads a too-short text with more of the story and cuts a too-long one. */
function fitLength(value: string, s: Schema): string {
  let v = value;
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  if (v.length < min) {
    const filler = v.includes(' ') ? ` ${CONTACT_NOTE}` : 'x';
    while (v.length < min) v += filler;
  }
  if (typeof s.maxLength === 'number' && v.length > s.maxLength) v = v.slice(0, s.maxLength).trimEnd();
  if (v.length < min) v = v.padEnd(min, '.');
  return v;
}

function minimal(s: Schema): Json {
  switch (typeOf(s) ?? '') {
    case 'object':
      return {};
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 0;
    case 'boolean':
      return false;
    default:
      return '';
  }
}

/**
 * A string that a (simple) regular expression accepts: literals, escapes, classes,
 * groups with alternatives (the first is taken), anchors and quantifiers (the fewest
 * repetitions, at least one for +). Null when the expression is beyond that.
 */
export function fromPattern(pattern: string): string | null {
  let i = 0;
  const peek = () => pattern[i];
  function sequence(): string | null {
    let out = '';
    while (i < pattern.length && peek() !== '|' && peek() !== ')') {
      let atom: string | null;
      const c = pattern[i++] ?? '';
      if (c === '^' || c === '$') continue;
      if (c === '(') {
        if (pattern.startsWith('?:', i)) i += 2;
        else if (pattern.startsWith('?=', i) || pattern.startsWith('?!', i) || pattern.startsWith('?<', i)) return null;
        atom = alternatives();
        if (pattern[i++] !== ')') return null;
      } else if (c === '[') {
        atom = charClass();
      } else if (c === '\\') {
        atom = escape(pattern[i++] ?? '');
      } else if (c === '.') {
        atom = 'a';
      } else {
        atom = c;
      }
      if (atom === null) return null;
      out += quantified(atom);
    }
    return out;
  }
  function alternatives(): string | null {
    const first = sequence();
    while (peek() === '|') {
      i++;
      if (sequence() === null) return null;
    }
    return first;
  }
  function quantified(atom: string): string {
    const q = peek();
    let times = 1;
    if (q === '?' || q === '*') {
      i++;
      times = 0;
    } else if (q === '+') {
      i++;
    } else if (q === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (m) {
        i += m[0].length;
        times = Number(m[1]);
      }
    }
    if (peek() === '?') i++; // lazy
    return atom.repeat(times);
  }
  function charClass(): string | null {
    const negated = peek() === '^';
    if (negated) i++;
    const members: string[] = [];
    while (i < pattern.length && peek() !== ']') {
      let c = pattern[i++] ?? '';
      if (c === '\\') c = escape(pattern[i++] ?? '') ?? '';
      if (peek() === '-' && pattern[i + 1] !== ']') {
        // A range: its first character stands for it; read past its end.
        i++;
        if (pattern[i++] === '\\') i++;
      }
      members.push(c);
    }
    i++;
    if (negated) return ['a', 'b', '0', '-'].find((x) => !members.includes(x)) ?? null;
    return members[0] ?? null;
  }
  function escape(c: string): string | null {
    if (c === 'd') return '7';
    if (c === 'w') return 'a';
    if (c === 's') return ' ';
    if (/[DWSbB]/.test(c)) return c === 'D' || c === 'W' ? '-' : '';
    if (c === 'u' || c === 'x' || c === 'p' || c === 'P') return null;
    return c;
  }
  const result = alternatives();
  if (result === null || i < pattern.length) return null;
  try {
    return new RegExp(pattern, 'u').test(result) ? result : null;
  } catch {
    return null;
  }
}

