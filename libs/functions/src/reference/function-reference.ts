/** A function named the ways the Lambda API and API Gateway integrations accept. */
export interface FunctionReference {
  functionName: string;
  /** Version number, alias or `$LATEST`. */
  qualifier?: string;
  region?: string;
  accountId?: string;
}

// A stage-variable placeholder may stand for any part; the caller substitutes it before invoking.
const STAGE_VAR = String.raw`\$\{stageVariables\.[A-Za-z0-9_]+\}`;
const NAME = `(?:[A-Za-z0-9_-]|${STAGE_VAR})+`;
const QUALIFIER = `(?:\\$LATEST|(?:[A-Za-z0-9_-]|${STAGE_VAR})+)`;
const REGION = `(?:[a-z]{2}(?:-[a-z]+)+-\\d|${STAGE_VAR})`;
const ACCOUNT = `(?:\\d{12}|${STAGE_VAR})`;

const FULL_ARN = new RegExp(`^arn:aws[a-z-]*:lambda:(${REGION}):(${ACCOUNT}):function:(${NAME})(?::(${QUALIFIER}))?$`);
const PARTIAL_ARN = new RegExp(`^(${ACCOUNT}):function:(${NAME})(?::(${QUALIFIER}))?$`);
const BARE = new RegExp(`^(${NAME})(?::(${QUALIFIER}))?$`);

/** AWS limits: names up to 64 characters, qualifiers up to 128 (placeholders are not counted). */
const MAX_NAME = 64;
const MAX_QUALIFIER = 128;

/**
 * Every invocation names its function as text, and routes name the same few functions over and over: remember the
 * parsed answers (frozen, so callers cannot change a shared one) instead of running the regexes per request. Bounded,
 * because the Invoke API lets callers send any name.
 */
const parsed = new Map<string, Readonly<FunctionReference> | undefined>();
const MAX_PARSED = 1024;

/**
 * Parses a function name, partial ARN (`123456789012:function:name`) or full ARN, each with an optional
 * `:qualifier`. Returns undefined when it is none of these.
 */
export function parseFunctionReference(text: string): Readonly<FunctionReference> | undefined {
  if (parsed.has(text)) return parsed.get(text);
  const ref = parse(text);
  if (parsed.size >= MAX_PARSED) parsed.clear();
  parsed.set(text, ref && Object.freeze(ref));
  return ref;
}

function parse(text: string): FunctionReference | undefined {
  let ref: FunctionReference | undefined;
  let m = FULL_ARN.exec(text);
  if (m) {
    ref = { functionName: m[3], qualifier: m[4], region: m[1], accountId: m[2] };
  } else if ((m = PARTIAL_ARN.exec(text))) {
    ref = { functionName: m[2], qualifier: m[3], accountId: m[1] };
  } else if ((m = BARE.exec(text))) {
    ref = { functionName: m[1], qualifier: m[2] };
  }
  if (!ref) return undefined;
  if (withoutPlaceholders(ref.functionName).length > MAX_NAME) return undefined;
  if (ref.qualifier !== undefined && withoutPlaceholders(ref.qualifier).length > MAX_QUALIFIER) return undefined;
  if (ref.qualifier === undefined) delete ref.qualifier;
  if (ref.region === undefined) delete ref.region;
  if (ref.accountId === undefined) delete ref.accountId;
  return ref;
}

function withoutPlaceholders(text: string): string {
  return text.includes('${') ? text.replace(/\$\{stageVariables\.[A-Za-z0-9_]+\}/g, '') : text;
}
