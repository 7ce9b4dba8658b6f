import { compileOperator, policyValues, type CompiledOperator } from './condition-operators';
import { factOfKey, readConditionKey, type PolicyFactName, type PolicyFacts } from './policy-facts';

/**
 * A statement's `Condition` block, compiled once (resource policies at deploy; authorizer policies when evaluated).
 * IAM semantics (reference_policies_elements_condition*.md):
 * - every operator in the block, and every key under an operator, must hold (AND); the values listed for one key are
 *   alternatives (OR);
 * - key names are case-insensitive, values case-sensitive unless the operator says IgnoreCase;
 * - a key absent from the request matches no positive operator and every negated one (`StringNotEquals`,
 *   `NotIpAddress`, …); `…IfExists` makes an absent key hold; `Null` tests presence itself; with `ForAllValues:` an
 *   absent key holds, with `ForAnyValue:` it does not (an empty set of request values);
 * - the keys the gateway knows are single-valued, so `ForAnyValue:`/`ForAllValues:` reduce to testing that one value.
 *
 * `evaluate` answers true or false, or undefined when the block cannot be evaluated: no request facts were given, or
 * it uses an operator we do not know or values the operator cannot read (a CIDR that is no range, a date that is no
 * date). The caller then fails closed: a Deny with such a condition applies and an Allow does not grant. Treating an
 * unknown operator as false would silently drop a Deny the author wrote — e.g. a typo'd or newer operator guarding a
 * deny list would open the API — and treating it as true would let an Allow grant on a test nobody evaluated.
 * (Three-valued AND: a test that is false makes the block false whatever the unknown one would say.)
 */
export interface CompiledCondition {
  evaluate(facts: PolicyFacts | undefined): boolean | undefined;
  /** The request facts its keys (and policy variables) read: only those need computing per request. */
  readonly facts: ReadonlySet<PolicyFactName>;
}

type KeyTest = (facts: PolicyFacts) => boolean;

const ALWAYS: CompiledCondition = { evaluate: () => true, facts: new Set() };
const UNUSABLE: CompiledCondition = { evaluate: () => undefined, facts: new Set() };

/** `variables`: the policy's Version is 2012-10-17, so `${…}` in string and ARN values are policy variables. */
export function compileCondition(condition: unknown, variables = true): CompiledCondition {
  if (!isObject(condition)) return UNUSABLE;
  const tests: KeyTest[] = [];
  const facts = new Set<PolicyFactName>();
  let usable = true;
  for (const [operator, block] of Object.entries(condition)) {
    if (!isObject(block)) {
      usable = false;
      continue;
    }
    for (const [key, values] of Object.entries(block)) {
      const lowerKey = key.toLowerCase();
      const test = operator === 'Null' ? nullTest(lowerKey, values) : keyTest(lowerKey, compileOperator(operator, values, variables));
      if (test === undefined) {
        usable = false;
        continue;
      }
      tests.push(test.test);
      for (const k of [lowerKey, ...test.variableKeys]) {
        const fact = factOfKey(k);
        if (fact !== undefined) facts.add(fact);
      }
    }
  }
  if (usable && tests.length === 0) return ALWAYS;
  return {
    facts,
    evaluate(known) {
      if (known === undefined) return undefined;
      for (const t of tests) if (!t(known)) return false;
      return usable ? true : undefined;
    },
  };
}

/** Compiles and evaluates in one step (authorizer policies, tests). */
export function evaluateCondition(condition: unknown, facts: PolicyFacts | undefined): boolean | undefined {
  return compileCondition(condition).evaluate(facts);
}

function keyTest(lowerKey: string, op: CompiledOperator | string): { test: KeyTest; variableKeys: string[] } | undefined {
  if (typeof op === 'string') return undefined;
  const test: KeyTest = (facts) => {
    const value = readConditionKey(lowerKey, facts);
    if (value === undefined) {
      if (op.ifExists) return true;
      if (op.set !== undefined) return op.set === 'ForAllValues';
      return op.negated;
    }
    return op.test(value, facts) !== op.negated;
  };
  return { test, variableKeys: op.variableKeys };
}

/** `"Null": {"key": "true"}` holds when the key is absent, `"false"` when it is present. */
function nullTest(lowerKey: string, raw: unknown): { test: KeyTest; variableKeys: string[] } | undefined {
  const values = policyValues(raw);
  if (values === undefined) return undefined;
  let whenAbsent = false;
  let whenPresent = false;
  for (const v of values) {
    const b = v.toLowerCase();
    if (b === 'true') whenAbsent = true;
    else if (b === 'false') whenPresent = true;
    else return undefined;
  }
  return { test: (facts) => (readConditionKey(lowerKey, facts) === undefined ? whenAbsent : whenPresent), variableKeys: [] };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
