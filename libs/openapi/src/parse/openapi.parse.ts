import { LineCounter, parseDocument } from 'yaml';
import { OpenApiImportError } from './openapi.errors';

export type OpenApiDialect = 'swagger2' | 'oas30';

export interface ParsedDocument {
  dialect: OpenApiDialect;
  /** The document as plain JSON values. */
  doc: Record<string, unknown>;
}

/** What ImportRestApi / ImportApi accept as a body: JSON or YAML text, or its bytes. */
export type OpenApiInput = string | Buffer | Record<string, unknown>;

/**
 * Reads JSON or YAML (YAML 1.2 is a superset of JSON, but JSON.parse is faster and its errors are clearer for JSON
 * text) and decides the dialect. Syntax errors carry the line, as AWS's importer reports them.
 */
export function parseOpenApi(input: OpenApiInput): ParsedDocument {
  const doc = typeof input === 'string' || Buffer.isBuffer(input) ? parseText(input.toString()) : input;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new OpenApiImportError('The document must be a JSON or YAML object', '$');
  }
  return { dialect: detectDialect(doc as Record<string, unknown>), doc: doc as Record<string, unknown> };
}

function parseText(text: string): unknown {
  const body = text.replace(/^\uFEFF/, '');
  const trimmed = body.trim();
  if (trimmed === '') throw new OpenApiImportError('The document is empty', '$');
  if (trimmed.startsWith('{')) {
    try {
      return JSON.parse(body);
    } catch (err) {
      throw new OpenApiImportError(`Invalid JSON: ${jsonErrorWithLine(body, err as Error)}`, '$');
    }
  }
  // Parse the untrimmed text so reported lines are the user's lines.
  const lineCounter = new LineCounter();
  const parsed = parseDocument(body, { uniqueKeys: true, prettyErrors: false, lineCounter });
  if (parsed.errors.length > 0) {
    const first = parsed.errors[0];
    const line = lineCounter.linePos(first.pos[0]);
    const where = ` at line ${line.line}, column ${line.col}`;
    throw new OpenApiImportError(`Invalid YAML${where}: ${first.message.split('\n')[0]}`, '$');
  }
  return parsed.toJS({ maxAliasCount: 100 });
}

/** V8 reports `position N`; users want a line. */
function jsonErrorWithLine(text: string, err: Error): string {
  const match = /position (\d+)/.exec(err.message);
  if (!match) return err.message;
  const pos = Number(match[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `${err.message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${col}`;
}

function detectDialect(doc: Record<string, unknown>): OpenApiDialect {
  if ('swagger' in doc) {
    if (String(doc.swagger) !== '2.0') {
      throw new OpenApiImportError(`Swagger version '${String(doc.swagger)}' is not supported; use 2.0`, '$.swagger');
    }
    return 'swagger2';
  }
  if ('openapi' in doc) {
    const version = String(doc.openapi);
    if (/^3\.0\.\d+$/.test(version)) return 'oas30';
    throw new OpenApiImportError(`OpenAPI version '${version}' is not supported; use 3.0.x or Swagger 2.0`, '$.openapi');
  }
  throw new OpenApiImportError("The document declares neither 'swagger: \"2.0\"' nor 'openapi: 3.0.x'", '$');
}
