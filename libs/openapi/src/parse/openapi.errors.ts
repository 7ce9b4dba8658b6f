/**
 * A document API Gateway would refuse. `path` is a JSONPath-like location of the fault (`$.paths['/pets'].get`) so a
 * user can find it; the control plane maps this to a 400 BadRequestException whose message includes the path.
 */
export class OpenApiImportError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'OpenApiImportError';
  }

  /** `message (at path)`, what the control plane puts in a BadRequestException. */
  describe(): string {
    return `${this.message} (at ${this.path})`;
  }
}

/** Appends a key to a JSONPath-like location: identifiers with `.key`, anything else with `['key']`. */
export function jp(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${base}.${key}` : `${base}['${key.replace(/'/g, "\\'")}']`;
}

/**
 * Warnings are things AWS imports anyway after telling the user; with failOnWarnings they refuse the whole import.
 */
export class ImportWarnings {
  readonly list: string[] = [];

  add(message: string, path: string): void {
    this.list.push(`${message} (at ${path})`);
  }

  /** Throws when failOnWarnings is set and any warning was collected; called once, after validation. */
  enforce(failOnWarnings: boolean | undefined): void {
    if (failOnWarnings && this.list.length > 0) {
      throw new OpenApiImportError(`Warnings found during import:\n\t${this.list.join('\n\t')}`, '$');
    }
  }
}
