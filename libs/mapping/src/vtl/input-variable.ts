import { compileJsonPath, JsonPathError } from '../jsonpath/json-path';
import { javaToString } from './java-values';
import { MappingRuntimeError } from './mapping-template.errors';
import { NO_SUCH_METHOD, VtlHostObject } from './vtl-host';

/** Method request (or integration response) parameters as `$input.params()` exposes them. */
export interface MappingParams {
  path: Record<string, string>;
  querystring: Record<string, string>;
  header: Record<string, string>;
}

const NOT_PARSED: unique symbol = Symbol('NOT_PARSED');

/**
 * `$input`: the payload and parameters of one render. The body is parsed at most once, and only when the template
 * asks for `json()` or `path()`.
 */
export class InputVariable extends VtlHostObject {
  private parsed: unknown = NOT_PARSED;

  constructor(
    readonly body: string,
    private readonly params: MappingParams,
  ) {
    super();
  }

  override vtlGet(name: string): unknown {
    return name === 'body' ? this.body : undefined;
  }

  override vtlCall(name: string, args: unknown[]): unknown {
    switch (name) {
      case 'json':
        return args.length === 1 ? this.json(args[0]) : NO_SUCH_METHOD;
      case 'path':
        return args.length === 1 ? this.path(args[0]) : NO_SUCH_METHOD;
      case 'params':
        if (args.length === 0) return this.allParams();
        return args.length === 1 ? this.param(args[0]) : NO_SUCH_METHOD;
      case 'getBody':
        return args.length === 0 ? this.body : NO_SUCH_METHOD;
      default:
        return NO_SUCH_METHOD;
    }
  }

  /** JSON text of the value at the path; an empty string when nothing is there. */
  json(path: unknown): string {
    const value = this.select(path);
    return value === undefined ? '' : JSON.stringify(value);
  }

  /** The value at the path as VTL sees it (maps, lists, strings, numbers, booleans, null). */
  path(path: unknown): unknown {
    return this.select(path);
  }

  /** path, then query string, then headers (case-insensitively); missing is the empty string. */
  param(name: unknown): string {
    if (name === null || name === undefined) return '';
    const key = javaToString(name);
    const { path, querystring, header } = this.params;
    if (Object.prototype.hasOwnProperty.call(path, key)) return path[key];
    if (Object.prototype.hasOwnProperty.call(querystring, key)) return querystring[key];
    if (Object.prototype.hasOwnProperty.call(header, key)) return header[key];
    const lower = key.toLowerCase();
    for (const headerName of Object.keys(header)) if (headerName.toLowerCase() === lower) return header[headerName];
    return '';
  }

  /** Copies, so a template that changes them cannot change the request the pipeline forwards. */
  private allParams(): Record<string, Record<string, string>> {
    return {
      path: { ...this.params.path },
      querystring: { ...this.params.querystring },
      header: { ...this.params.header },
    };
  }

  private select(path: unknown): unknown {
    if (typeof path !== 'string') throw new MappingRuntimeError(`Invalid JSONPath ${javaToString(path)}`);
    let compiled;
    try {
      compiled = compileJsonPath(path);
    } catch (err) {
      if (err instanceof JsonPathError) throw new MappingRuntimeError(err.message);
      throw err;
    }
    return compiled.evaluate(this.document());
  }

  private document(): unknown {
    if (this.parsed !== NOT_PARSED) return this.parsed;
    // An empty payload is the empty object at AWS: $input.json('$') renders {}.
    if (this.body.trim() === '') return (this.parsed = {});
    try {
      this.parsed = JSON.parse(this.body);
    } catch {
      throw new MappingRuntimeError('Unable to parse the payload as JSON for $input.json/$input.path');
    }
    return this.parsed;
  }

  toString(): string {
    return this.body;
  }
}
