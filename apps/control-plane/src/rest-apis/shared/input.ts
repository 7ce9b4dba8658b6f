import { badRequest } from '../../common/aws-error';

/**
 * Reads members of a parsed request body with their AWS types, refusing wrong types with a BadRequestException that
 * names the member. Absent (or null) members read as undefined unless marked required.
 */
export class Input {
  constructor(private readonly body: Record<string, unknown>) {}

  has(name: string): boolean {
    return this.body[name] !== undefined && this.body[name] !== null;
  }

  string(name: string, required: true): string;
  string(name: string, required?: boolean): string | undefined;
  string(name: string, required = false): string | undefined {
    const value = this.read(name, required);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw badRequest(`Invalid value for ${name}: must be a string`);
    if (required && value === '') throw badRequest(`Invalid value for ${name}: must not be empty`);
    return value;
  }

  oneOf<T extends string>(name: string, values: readonly T[], required: true): T;
  oneOf<T extends string>(name: string, values: readonly T[], required?: boolean): T | undefined;
  oneOf<T extends string>(name: string, values: readonly T[], required = false): T | undefined {
    const value = this.string(name, required);
    if (value === undefined) return undefined;
    if (!(values as readonly string[]).includes(value)) throw badRequest(`Invalid value for ${name}: '${value}'. Must be one of: [${values.join(', ')}]`);
    return value as T;
  }

  boolean(name: string): boolean | undefined {
    const value = this.read(name, false);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') throw badRequest(`Invalid value for ${name}: must be a boolean`);
    return value;
  }

  integer(name: string, min?: number, max?: number): number | undefined {
    const value = this.read(name, false);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw badRequest(`Invalid value for ${name}: must be an integer`);
    checkRange(name, value, min, max);
    return value;
  }

  number(name: string, min?: number, max?: number): number | undefined {
    const value = this.read(name, false);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw badRequest(`Invalid value for ${name}: must be a number`);
    checkRange(name, value, min, max);
    return value;
  }

  stringList(name: string): string[] | undefined {
    const value = this.read(name, false);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw badRequest(`Invalid value for ${name}: must be a list of strings`);
    return value as string[];
  }

  stringMap(name: string): Record<string, string> | undefined {
    return this.map(name, 'string') as Record<string, string> | undefined;
  }

  booleanMap(name: string): Record<string, boolean> | undefined {
    return this.map(name, 'boolean') as Record<string, boolean> | undefined;
  }

  object(name: string): Input | undefined {
    const value = this.read(name, false);
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw badRequest(`Invalid value for ${name}: must be an object`);
    return new Input(value as Record<string, unknown>);
  }

  private map(name: string, type: 'string' | 'boolean'): Record<string, unknown> | undefined {
    const value = this.read(name, false);
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || Array.isArray(value) || Object.values(value as object).some((v) => typeof v !== type)) {
      throw badRequest(`Invalid value for ${name}: must be a map of ${type}s`);
    }
    return { ...(value as Record<string, unknown>) };
  }

  private read(name: string, required: boolean): unknown {
    const value = this.body[name];
    if (value === undefined || value === null) {
      if (required) throw badRequest(`Invalid request: ${name} is required`);
      return undefined;
    }
    return value;
  }
}

function checkRange(name: string, value: number, min?: number, max?: number): void {
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    throw badRequest(`Invalid value for ${name}: ${value}. Must be between ${min ?? '-∞'} and ${max ?? '∞'}`);
  }
}

/** Drops undefined members so stored documents (and responses) carry only what is set, as AWS returns them. */
export function compact<T extends object>(doc: T): T {
  for (const key of Object.keys(doc) as Array<keyof T>) if (doc[key] === undefined) delete doc[key];
  return doc;
}
