import { arnMatches } from './arn-pattern';
import { cidrContains, cidrList } from './cidr-list';
import { escapeRegex, globRegex, globSource } from './glob-pattern';
import type { PolicyFacts } from './policy-facts';
import { fillTemplate, parseTemplate, templateKeys, type TemplatePart } from './policy-variables';

/**
 * Condition operators (reference_policies_elements_condition_operators.md), compiled with their policy values.
 * A compiled operator answers, for one value of the key in the request, whether it matches ANY of the policy's
 * values (several values for one key are ORed); negation, `…IfExists`, the set qualifiers and absent keys are
 * applied around that by policy-condition.ts.
 */
export type ValueTest = (requestValue: string, facts: PolicyFacts) => boolean;

export interface CompiledOperator {
  test: ValueTest;
  /** The `Not…` operators: true when the value matches none of the policy's values. */
  negated: boolean;
  ifExists: boolean;
  set: 'ForAnyValue' | 'ForAllValues' | undefined;
  /** Condition keys the policy values read through policy variables. */
  variableKeys: string[];
}

/** Why an operator could not be compiled; the statement then fails closed (see policy-condition.ts). */
export type OperatorFault = 'unknown-operator' | 'bad-values';

type Compiler = (values: readonly string[], variables: boolean) => { test: ValueTest; keys: string[] } | undefined;

/**
 * Splits a condition's policy values into those holding policy variables (`${aws:username}`, filled in per request)
 * and fixed ones, which `prepare` turns once into what the test compares against.
 */
function splitByVariables<T>(values: readonly string[], variables: boolean, prepare: (value: string) => T): { fixed: T[]; templates: TemplatePart[][] } {
  const fixed: T[] = [];
  const templates: TemplatePart[][] = [];
  for (const v of values) {
    const parts = variables ? parseTemplate(v) : undefined;
    if (parts) templates.push(parts);
    else fixed.push(prepare(v));
  }
  return { fixed, templates };
}

const equalsString = (ignoreCase: boolean): Compiler => (values, variables) => {
  const fold = ignoreCase ? (s: string) => s.toLowerCase() : (s: string) => s;
  const split = splitByVariables(values, variables, fold);
  const fixed = new Set(split.fixed);
  const templates = split.templates;
  if (templates.length === 0) return { test: (v) => fixed.has(fold(v)), keys: [] };
  return {
    test: (v, facts) => {
      const value = fold(v);
      if (fixed.has(value)) return true;
      for (const t of templates) {
        const filled = fillTemplate(t, facts, identity, identity);
        if (filled !== undefined && fold(filled) === value) return true;
      }
      return false;
    },
    keys: templates.flatMap(templateKeys),
  };
};

const likeString: Compiler = (values, variables) => {
  const { fixed, templates } = splitByVariables(values, variables, globRegex);
  return {
    test: (v, facts) => {
      for (const re of fixed) if (re.test(v)) return true;
      for (const t of templates) {
        const source = fillTemplate(t, facts, globSource, escapeRegex);
        if (source !== undefined && new RegExp(`^${source}$`, 's').test(v)) return true;
      }
      return false;
    },
    keys: templates.flatMap(templateKeys),
  };
};

const arn: Compiler = (values, variables) => {
  const { fixed, templates } = splitByVariables(values, variables, identity);
  return {
    test: (v, facts) => {
      for (const p of fixed) if (arnMatches(p, v)) return true;
      for (const t of templates) {
        const p = fillTemplate(t, facts, identity, identity);
        if (p !== undefined && arnMatches(p, v)) return true;
      }
      return false;
    },
    keys: templates.flatMap(templateKeys),
  };
};

type Comparison = (request: number, policy: number) => boolean;
const EQ: Comparison = (a, b) => a === b;
const LT: Comparison = (a, b) => a < b;
const LTE: Comparison = (a, b) => a <= b;
const GT: Comparison = (a, b) => a > b;
const GTE: Comparison = (a, b) => a >= b;

/** Values are parsed once; a policy value that is no number (or date) makes the condition unusable. */
const ordered = (parse: (s: string) => number | undefined, compare: Comparison): Compiler => (values) => {
  const parsed: number[] = [];
  for (const v of values) {
    const n = parse(v);
    if (n === undefined) return undefined;
    parsed.push(n);
  }
  return {
    test: (v) => {
      const n = parse(v);
      if (n === undefined) return false;
      for (const p of parsed) if (compare(n, p)) return true;
      return false;
    },
    keys: [],
  };
};

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
export function parseNumber(s: string): number | undefined {
  return NUMBER.test(s.trim()) ? Number(s) : undefined;
}

const EPOCH = /^-?\d+(?:\.\d+)?$/;
// W3C profile of ISO 8601 (digits alone are epoch seconds, so a bare year is not one): YYYY-MM, YYYY-MM-DD, then optionally Thh:mm[:ss[.s]] with Z or ±hh:mm.
const ISO_DATE = /^\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** Epoch seconds or a W3C ISO 8601 date, in ms; a time without zone is UTC (never the server's local time). */
export function parseDate(s: string): number | undefined {
  const v = s.trim();
  if (EPOCH.test(v)) return Number(v) * 1000;
  const m = ISO_DATE.exec(v);
  if (!m) return undefined;
  const ms = Date.parse(v.includes('T') && m[1] === undefined ? `${v}Z` : v);
  return Number.isNaN(ms) ? undefined : ms;
}

const bool: Compiler = (values) => {
  const wanted = new Set<string>();
  for (const v of values) {
    const b = v.toLowerCase();
    if (b !== 'true' && b !== 'false') return undefined;
    wanted.add(b);
  }
  return { test: (v) => wanted.has(v.toLowerCase()), keys: [] };
};

const ip: Compiler = (values) => {
  const list = cidrList(values);
  return list === undefined ? undefined : { test: (v) => cidrContains(list, v), keys: [] };
};

/** The policy holds base-64 of the bytes; the request value's bytes are its UTF-8 encoding. */
const binary: Compiler = (values) => {
  const wanted = new Set(values);
  return { test: (v) => wanted.has(Buffer.from(v, 'utf8').toString('base64')), keys: [] };
};

const BASE_OPERATORS: Readonly<Record<string, { compile: Compiler; negated: boolean }>> = {
  StringEquals: { compile: equalsString(false), negated: false },
  StringNotEquals: { compile: equalsString(false), negated: true },
  StringEqualsIgnoreCase: { compile: equalsString(true), negated: false },
  StringNotEqualsIgnoreCase: { compile: equalsString(true), negated: true },
  StringLike: { compile: likeString, negated: false },
  StringNotLike: { compile: likeString, negated: true },
  NumericEquals: { compile: ordered(parseNumber, EQ), negated: false },
  NumericNotEquals: { compile: ordered(parseNumber, EQ), negated: true },
  NumericLessThan: { compile: ordered(parseNumber, LT), negated: false },
  NumericLessThanEquals: { compile: ordered(parseNumber, LTE), negated: false },
  NumericGreaterThan: { compile: ordered(parseNumber, GT), negated: false },
  NumericGreaterThanEquals: { compile: ordered(parseNumber, GTE), negated: false },
  DateEquals: { compile: ordered(parseDate, EQ), negated: false },
  DateNotEquals: { compile: ordered(parseDate, EQ), negated: true },
  DateLessThan: { compile: ordered(parseDate, LT), negated: false },
  DateLessThanEquals: { compile: ordered(parseDate, LTE), negated: false },
  DateGreaterThan: { compile: ordered(parseDate, GT), negated: false },
  DateGreaterThanEquals: { compile: ordered(parseDate, GTE), negated: false },
  Bool: { compile: bool, negated: false },
  IpAddress: { compile: ip, negated: false },
  NotIpAddress: { compile: ip, negated: true },
  ArnEquals: { compile: arn, negated: false },
  ArnLike: { compile: arn, negated: false },
  ArnNotEquals: { compile: arn, negated: true },
  ArnNotLike: { compile: arn, negated: true },
  BinaryEquals: { compile: binary, negated: false },
};

/**
 * `[ForAnyValue:|ForAllValues:]<operator>[IfExists]` with its policy values (a string, number or boolean, or a
 * non-empty list of them). `Null` is not an operator here: it tests presence, not values (policy-condition.ts).
 */
export function compileOperator(name: string, rawValues: unknown, variables: boolean): CompiledOperator | OperatorFault {
  let rest = name;
  let set: CompiledOperator['set'];
  const colon = name.indexOf(':');
  if (colon >= 0) {
    const qualifier = name.slice(0, colon);
    if (qualifier !== 'ForAnyValue' && qualifier !== 'ForAllValues') return 'unknown-operator';
    set = qualifier;
    rest = name.slice(colon + 1);
  }
  const ifExists = rest.endsWith('IfExists');
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  const base = Object.hasOwn(BASE_OPERATORS, rest) ? BASE_OPERATORS[rest] : undefined;
  if (base === undefined) return 'unknown-operator';
  const values = policyValues(rawValues);
  if (values === undefined) return 'bad-values';
  const compiled = base.compile(values, variables);
  if (compiled === undefined) return 'bad-values';
  return { test: compiled.test, negated: base.negated, ifExists, set, variableKeys: compiled.keys };
}

/** IAM accepts JSON numbers and booleans as values and compares their text. */
export function policyValues(raw: unknown): string[] | undefined {
  const scalar = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
  if (!Array.isArray(raw)) {
    const one = scalar(raw);
    return one === undefined ? undefined : [one];
  }
  if (raw.length === 0) return undefined;
  const out: string[] = [];
  for (const v of raw) {
    const s = scalar(v);
    if (s === undefined) return undefined;
    out.push(s);
  }
  return out;
}

function identity(s: string): string {
  return s;
}
