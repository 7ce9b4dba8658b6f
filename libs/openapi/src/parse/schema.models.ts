import { OpenApiImportError, jp } from './openapi.errors';
import { RefResolver, isObject } from './openapi.refs';
import type { OpenApiDialect } from './openapi.parse';

type Json = Record<string, unknown>;

const MODEL_NAME = /^[A-Za-z0-9]+$/;

/** How API Gateway writes a reference to another model of the same API inside a model's schema. */
export function modelUrl(restApiId: string, name: string): string {
  return `https://apigateway.amazonaws.com/restapis/${restApiId}/models/${name}`;
}

/** The model name a model URL points at (any API id), or undefined. */
export function modelNameFromUrl(ref: string): string | undefined {
  return /^https:\/\/apigateway\.amazonaws\.com\/restapis\/[^/]+\/models\/([^/#]+)$/.exec(ref)?.[1];
}

export interface NamedSchema {
  name: string;
  /** JSON Schema draft 4 with model references as model URLs. */
  schema: Json;
  description?: string;
}

/**
 * The document's reusable schemas become models; references between them become model URLs, as API Gateway
 * stores them. Inline schemas of requests and responses become models too (named from where they appear), because
 * a method can only point at a model by name.
 */
export class SchemaModels {
  readonly models: NamedSchema[] = [];
  private readonly byName = new Map<string, NamedSchema>();
  private readonly localPrefix: string;

  constructor(
    private readonly doc: Json,
    dialect: OpenApiDialect,
    private readonly refs: RefResolver,
    private readonly restApiId: string,
  ) {
    this.localPrefix = dialect === 'swagger2' ? '#/definitions/' : '#/components/schemas/';
    const container = dialect === 'swagger2' ? doc.definitions : isObject(doc.components) ? doc.components.schemas : undefined;
    const containerAt = dialect === 'swagger2' ? '$.definitions' : '$.components.schemas';
    if (container === undefined) return;
    if (!isObject(container)) throw new OpenApiImportError('Schemas must be an object keyed by name', containerAt);
    for (const name of Object.keys(container)) {
      if (!MODEL_NAME.test(name)) {
        throw new OpenApiImportError(`Invalid model name '${name}': model names must be alphanumeric`, jp(containerAt, name));
      }
    }
    for (const [name, schema] of Object.entries(container)) {
      const at = jp(containerAt, name);
      if (!isObject(schema)) throw new OpenApiImportError(`Model '${name}' must be a schema object`, at);
      this.add({ name, schema: this.rewrite(schema, at, new Set()) as Json, description: stringOrUndefined(schema.description) });
    }
  }

  /** The model a request or response schema maps to; an inline schema becomes a new model named `hint`. */
  modelFor(schema: unknown, at: string, hint: string): string {
    if (!isObject(schema)) throw new OpenApiImportError('A schema must be an object', at);
    if (typeof schema.$ref === 'string') {
      const name = this.localModelName(schema.$ref);
      if (name !== undefined) {
        if (!this.byName.has(name)) this.refs.lookup(schema.$ref, jp(at, '$ref'));
        return name;
      }
    }
    let name = hint.replace(/[^A-Za-z0-9]/g, '') || 'Model';
    for (let n = 2; this.byName.has(name); n++) name = `${hint.replace(/[^A-Za-z0-9]/g, '')}${n}`;
    this.add({ name, schema: this.rewrite(schema, at, new Set()) as Json });
    return name;
  }

  private add(model: NamedSchema): void {
    this.models.push(model);
    this.byName.set(model.name, model);
  }

  private localModelName(ref: string): string | undefined {
    if (!ref.startsWith(this.localPrefix)) return undefined;
    const rest = ref.slice(this.localPrefix.length);
    return rest.includes('/') ? undefined : decodeURIComponent(rest);
  }

  /** Deep copy with references to models turned into model URLs; other local references are inlined. */
  private rewrite(node: unknown, at: string, inlining: Set<string>): unknown {
    if (Array.isArray(node)) return node.map((item, i) => this.rewrite(item, jp(at, i), inlining));
    if (!isObject(node)) return node;
    if (typeof node.$ref === 'string') {
      const ref = node.$ref;
      const target = this.refs.lookup(ref, jp(at, '$ref'));
      const name = this.localModelName(ref);
      if (name !== undefined) return { ...node, $ref: modelUrl(this.restApiId, name) };
      if (inlining.has(ref)) throw new OpenApiImportError(`Reference cycle through '${ref}'`, jp(at, '$ref'));
      return this.rewrite(target, ref, new Set([...inlining, ref]));
    }
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) out[key] = this.rewrite(value, jp(at, key), inlining);
    return out;
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
