import { badRequest } from '../../common/aws-error';

type Json = Record<string, unknown>;

/**
 * Reads the members of a JSON request body with type checks; every refusal is a BadRequestException naming the
 * member, as AWS does. Bodies arrive as raw buffers (the app keeps every content type raw), so parsing is here too.
 */
export class Fields {
  private constructor(
    private readonly body: Json,
    private readonly prefix = '',
  ) {}

  static fromBody(raw: unknown): Fields {
    if (raw === undefined || raw === null) return new Fields({});
    const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : typeof raw === 'string' ? raw : JSON.stringify(raw);
    if (text.trim() === '') return new Fields({});
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw badRequest(`Invalid JSON in request body: ${(error as Error).message}`);
    }
    if (!isObject(parsed)) throw badRequest('Invalid request body: expected a JSON object');
    return new Fields(parsed);
  }

  static of(value: Json, prefix = ''): Fields {
    return new Fields(value, prefix);
  }

  has(name: string): boolean {
    return this.body[name] !== undefined && this.body[name] !== null;
  }

  path(name: string): string {
    return this.prefix ? `${this.prefix}.${name}` : name;
  }

  string(name: string, opts: { required?: boolean; max?: number; nonEmpty?: boolean } = {}): string | undefined {
    const value = this.present(name, opts.required);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw badRequest(`Invalid value for '${this.path(name)}': expected a string`);
    if ((opts.nonEmpty || opts.required) && value.trim() === '') throw badRequest(`Invalid value for '${this.path(name)}': must not be empty`);
    if (opts.max !== undefined && value.length > opts.max) {
      throw badRequest(`Invalid value for '${this.path(name)}': must be at most ${opts.max} characters`);
    }
    return value;
  }

  oneOf<T extends string>(name: string, values: readonly T[], required = false): T | undefined {
    const value = this.string(name, { required });
    if (value === undefined) return undefined;
    if (!(values as readonly string[]).includes(value)) {
      throw badRequest(`Invalid value for '${this.path(name)}': ${value}. Valid values are ${values.join(', ')}`);
    }
    return value as T;
  }

  boolean(name: string): boolean | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') throw badRequest(`Invalid value for '${this.path(name)}': expected a boolean`);
    return value;
  }

  integer(name: string, range: { min: number; max: number }): number | undefined {
    const value = this.number(name, range);
    if (value !== undefined && !Number.isInteger(value)) throw badRequest(`Invalid value for '${this.path(name)}': expected an integer`);
    return value;
  }

  number(name: string, range: { min: number; max: number }): number | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw badRequest(`Invalid value for '${this.path(name)}': expected a number`);
    if (value < range.min || value > range.max) {
      throw badRequest(`Invalid value for '${this.path(name)}': ${value} must be between ${range.min} and ${range.max}`);
    }
    return value;
  }

  stringArray(name: string, opts: { required?: boolean } = {}): string[] | undefined {
    const value = this.present(name, opts.required);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      throw badRequest(`Invalid value for '${this.path(name)}': expected a list of strings`);
    }
    return value as string[];
  }

  stringMap(name: string): Record<string, string> | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string')) {
      throw badRequest(`Invalid value for '${this.path(name)}': expected a map of strings`);
    }
    return value as Record<string, string>;
  }

  object(name: string): Fields | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    if (!isObject(value)) throw badRequest(`Invalid value for '${this.path(name)}': expected an object`);
    return new Fields(value, this.path(name));
  }

  /** Members of a map-of-objects member (`routeSettings`, `responseParameters`), each as Fields. */
  objectMap(name: string): Record<string, Fields> | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    if (!isObject(value)) throw badRequest(`Invalid value for '${this.path(name)}': expected a map`);
    const out: Record<string, Fields> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (!isObject(inner)) throw badRequest(`Invalid value for '${this.path(name)}.${key}': expected an object`);
      out[key] = new Fields(inner, `${this.path(name)}.${key}`);
    }
    return out;
  }

  /** The member as sent, for shapes checked elsewhere (nested maps). */
  raw(name: string): unknown {
    return this.body[name] ?? undefined;
  }

  private present(name: string, required = false): unknown {
    const value = this.body[name];
    if (value === undefined || value === null) {
      if (required) throw badRequest(`Missing required member '${this.path(name)}'`);
      return undefined;
    }
    return value;
  }
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copies only the members that were given, so a PATCH merges exactly what the caller sent. */
export function defined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) (out as Record<string, unknown>)[key] = v;
  return out;
}
