import type { RequestContext } from '../context/request-context';
import { compileContextGetter } from '../context/context-getter';
import { removeHeader, setHeader, type GatewayResponse } from '../stages/gateway-response';
import { parseQuery } from './request-view';

/**
 * HTTP API parameter mapping (doc_source/http-api-parameter-mapping.md), compiled at deploy time.
 * Request keys: `append|overwrite|remove:header.<name>`, `append|overwrite|remove:querystring.<name>`,
 * `overwrite:path`. Response keys (per integration status code): `append|overwrite|remove:header.<name>`,
 * `overwrite:statuscode`. Values mix static text with `$request.header.x`, `$request.querystring.x`,
 * `$request.body.x` (JSON path), `$request.path`, `$request.path.x`, `$context.x`, `$stageVariables.x` and, in
 * responses, `$response.header.x` and `$response.body.x`; `${...}` braces are accepted around a reference.
 */

/** The integration response a response mapping reads `$response.*` from. */
export interface ResponseView {
  headers: string[];
  body: Buffer | string | null;
}

type Source = (ctx: RequestContext, response: ResponseView | null) => string | undefined;
export type MappingValue = (ctx: RequestContext, response: ResponseView | null) => string;

const REFERENCE = /\$\{([^}]+)\}|\$((?:request|response|context|stageVariables)(?:\.[A-Za-z0-9_\-[\]]+)*)/g;

const RESERVED = [/^access-control-/, /^apigw-/, /^x-amz-/, /^x-amzn-/];
const RESERVED_NAMES = new Set([
  'authorization', 'connection', 'content-encoding', 'content-length', 'content-location', 'forwarded', 'keep-alive',
  'origin', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailers', 'transfer-encoding', 'upgrade',
  'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'via',
]);

function isReservedHeader(lower: string): boolean {
  return RESERVED_NAMES.has(lower) || RESERVED.some((r) => r.test(lower));
}

export function compileMappingValue(value: string, phase: 'request' | 'response'): MappingValue {
  const literals: string[] = [];
  const sources: Source[] = [];
  let last = 0;
  for (const m of value.matchAll(REFERENCE)) {
    literals.push(value.slice(last, m.index));
    sources.push(compileSource(m[1] ?? m[2], phase, value));
    last = m.index! + m[0].length;
  }
  literals.push(value.slice(last));
  if (sources.length === 0) {
    const constant = literals[0];
    return () => constant;
  }
  return (ctx, response) => {
    let out = literals[0];
    for (let i = 0; i < sources.length; i++) out += (sources[i](ctx, response) ?? '') + literals[i + 1];
    return out;
  };
}

function compileSource(ref: string, phase: 'request' | 'response', whole: string): Source {
  if (ref.includes('..') || ref.includes('?(')) throw new Error(`'${whole}': recursive descent and filters are not supported`);
  const dot = ref.indexOf('.');
  const root = dot < 0 ? ref : ref.slice(0, dot);
  const rest = dot < 0 ? '' : ref.slice(dot + 1);
  if (root === 'context' && rest) {
    const get = compileContextGetter(rest);
    return (ctx) => get(ctx);
  }
  if (root === 'stageVariables' && rest) return (ctx) => ctx.stage.stageVariables?.[rest];
  if (root === 'request') {
    if (rest === 'path') return (ctx) => ctx.rawPath;
    const [kind, ...names] = rest.split('.');
    const name = names.join('.');
    if (kind === 'header' && name) {
      const lower = name.toLowerCase();
      return (ctx) => {
        const v = ctx.req.headers[lower];
        return Array.isArray(v) ? v.join(',') : v;
      };
    }
    if (kind === 'querystring' && name) {
      return (ctx) => {
        let out: string | undefined;
        for (const [k, v] of parseQuery(ctx.rawQuery)) if (k === name) out = out === undefined ? v : out + ',' + v;
        return out;
      };
    }
    if (kind === 'path' && name) return (ctx) => ctx.pathParameters?.[name];
    if (kind === 'body' && name) {
      const path = compileJsonPath(name, whole);
      return (ctx) => (ctx.body ? readJsonPath(ctx.body, path) : undefined);
    }
  }
  if (root === 'response' && phase === 'response') {
    const [kind, ...names] = rest.split('.');
    const name = names.join('.');
    if (kind === 'header' && name) {
      const lower = name.toLowerCase();
      return (_, response) => {
        if (!response) return undefined;
        let out: string | undefined;
        for (let i = 0; i < response.headers.length; i += 2) {
          if (response.headers[i].toLowerCase() === lower) out = out === undefined ? response.headers[i + 1] : out + ',' + response.headers[i + 1];
        }
        return out;
      };
    }
    if (kind === 'body' && name) {
      const path = compileJsonPath(name, whole);
      return (_, response) => (response?.body ? readJsonPath(response.body, path) : undefined);
    }
  }
  throw new Error(`unsupported mapping value '$${ref}' in '${whole}'`);
}

type PathStep = string | number;
const STEP = /([^.[\]]+)|\[(\d+)\]/g;

function compileJsonPath(path: string, whole: string): PathStep[] {
  if (path.includes('..') || path.includes('?(')) throw new Error(`'${whole}': recursive descent and filters are not supported`);
  const steps: PathStep[] = [];
  for (const m of path.matchAll(STEP)) steps.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return steps;
}

function readJsonPath(body: Buffer | string, path: PathStep[]): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch {
    return undefined;
  }
  for (const step of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[step];
  }
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The integration request as mappings change it. */
export interface ProxyRequestParts {
  path: string;
  /** Raw (encoded) query string without `?`. */
  query: string;
  headers: string[];
}

type Op = 'append' | 'overwrite' | 'remove';
interface RequestOp {
  op: Op;
  target: 'header' | 'querystring' | 'path';
  name: string;
  value: MappingValue;
}

const KEY = /^(append|overwrite|remove):(header|querystring|path|statuscode)(?:\.(.+))?$/;

export function compileRequestParameters(params: Record<string, string> | undefined): RequestMapping | null {
  if (!params || Object.keys(params).length === 0) return null;
  const ops: RequestOp[] = [];
  for (const [key, value] of Object.entries(params)) {
    const m = KEY.exec(key);
    if (!m || m[2] === 'statuscode') throw new Error(`requestParameters: unsupported key '${key}'`);
    const [, op, target, name] = m as unknown as [string, Op, RequestOp['target'], string | undefined];
    if (target === 'path' ? op !== 'overwrite' || name !== undefined : !name) throw new Error(`requestParameters: unsupported key '${key}'`);
    if (target === 'header' && isReservedHeader(name!.toLowerCase())) throw new Error(`requestParameters: header '${name}' is reserved`);
    ops.push({ op, target, name: name ?? '', value: compileMappingValue(value, 'request') });
  }
  return new RequestMapping(ops);
}

export class RequestMapping {
  constructor(private readonly ops: RequestOp[]) {}

  apply(ctx: RequestContext, parts: ProxyRequestParts): void {
    let query: Array<[string, string]> | null = null;
    for (const o of this.ops) {
      if (o.target === 'path') {
        parts.path = o.value(ctx, null);
      } else if (o.target === 'header') {
        if (o.op === 'remove') removeHeader(parts.headers, o.name.toLowerCase());
        else if (o.op === 'overwrite') setHeader(parts.headers, o.name, o.value(ctx, null));
        else parts.headers.push(o.name, o.value(ctx, null));
      } else {
        query ??= parseQuery(parts.query);
        if (o.op !== 'append') query = query.filter(([k]) => k !== o.name);
        if (o.op !== 'remove') query.push([o.name, o.value(ctx, null)]);
      }
    }
    if (query) parts.query = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  }
}

interface ResponseOp {
  op: Op;
  target: 'header' | 'statuscode';
  name: string;
  value: MappingValue;
}

/** `responseParameters`: status code (as text) → mapping applied when the integration answered with that code. */
export function compileResponseParameters(params: Record<string, Record<string, string>> | undefined): ResponseMapping | null {
  if (!params || Object.keys(params).length === 0) return null;
  const byStatus = new Map<number, ResponseOp[]>();
  for (const [status, map] of Object.entries(params)) {
    const code = Number(status);
    if (!Number.isInteger(code) || code < 100 || code > 599) throw new Error(`responseParameters: '${status}' is not a status code`);
    const ops: ResponseOp[] = [];
    for (const [key, value] of Object.entries(map)) {
      const m = KEY.exec(key);
      if (!m || m[2] === 'querystring' || m[2] === 'path') throw new Error(`responseParameters.${status}: unsupported key '${key}'`);
      const [, op, target, name] = m as unknown as [string, Op, ResponseOp['target'], string | undefined];
      if (target === 'statuscode' ? op !== 'overwrite' || name !== undefined : !name)
        throw new Error(`responseParameters.${status}: unsupported key '${key}'`);
      if (target === 'header' && isReservedHeader(name!.toLowerCase()))
        throw new Error(`responseParameters.${status}: header '${name}' is reserved`);
      ops.push({ op, target, name: name ?? '', value: compileMappingValue(value, 'response') });
    }
    byStatus.set(code, ops);
  }
  return new ResponseMapping(byStatus);
}

export class ResponseMapping {
  constructor(private readonly byStatus: Map<number, ResponseOp[]>) {}

  apply(ctx: RequestContext, response: GatewayResponse): void {
    const ops = this.byStatus.get(response.statusCode);
    if (!ops) return;
    // Values read the integration's response as it arrived, before any op of this mapping changed it.
    const view: ResponseView = { headers: response.headers.slice(), body: response.body };
    for (const o of ops) {
      if (o.target === 'statuscode') {
        const code = Number(o.value(ctx, view));
        if (Number.isInteger(code) && code >= 100 && code <= 599) response.statusCode = code;
      } else if (o.op === 'remove') removeHeader(response.headers, o.name.toLowerCase());
      else if (o.op === 'overwrite') setHeader(response.headers, o.name, o.value(ctx, view));
      else response.headers.push(o.name, o.value(ctx, view));
    }
  }
}
