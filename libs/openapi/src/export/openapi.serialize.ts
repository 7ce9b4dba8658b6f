import { stringify } from 'yaml';

/** Refused exports (e.g. a WebSocket API to OpenAPI); the control plane answers 400 BadRequestException. */
export class OpenApiExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpenApiExportError';
  }
}

/** GetExport `Accept: application/json|application/yaml`, ExportApi `outputType JSON|YAML`. */
export function serializeOpenApi(doc: Record<string, unknown>, format: 'json' | 'yaml'): string {
  return format === 'yaml' ? stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 }) : JSON.stringify(doc, null, 2);
}

/** `/pets/{petId}` → its path variable names, for the path parameters an exported operation declares. */
export function pathVariables(path: string): string[] {
  return [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]);
}

/** Drops undefined members so exported documents carry no `"key": null` noise. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
