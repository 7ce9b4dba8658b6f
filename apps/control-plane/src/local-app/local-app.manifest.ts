import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { FunctionConfigurationInput } from '../functions/dto/function-input';

/**
 * `gateway-app.json`: what `npm start` (local mode) loads from LOCAL_APP_DIR. A serverless app as its authors keep
 * it: one OpenAPI document with `x-amazon-apigateway-*` extensions, and one folder per function.
 */
export interface LocalAppManifest {
  name: string;
  protocolType: 'HTTP';
  /** Absolute path of the OpenAPI document. */
  openapiFile: string;
  functions: Array<{ name: string; directory: string; configuration: FunctionConfigurationInput }>;
}

export const MANIFEST_FILE = 'gateway-app.json';

export class LocalAppError extends Error {}

export function readLocalAppManifest(appDir: string): LocalAppManifest {
  const dir = resolve(appDir);
  const file = join(dir, MANIFEST_FILE);
  if (!existsSync(file)) throw new LocalAppError(`${file} not found (LOCAL_APP_DIR=${appDir}; set LOCAL_APP_DIR=none to load no app)`);
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new LocalAppError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const fail = (field: string, message: string) => new LocalAppError(`${file}: ${field} ${message}`);
  if (typeof raw.name !== 'string' || !raw.name) throw fail('name', 'must be a non-empty string');
  if (raw.protocolType !== 'HTTP') throw fail('protocolType', `must be "HTTP" (REST apps: import them with ImportRestApi), got ${JSON.stringify(raw.protocolType)}`);
  if (typeof raw.openapi !== 'string') throw fail('openapi', 'must name the OpenAPI document, e.g. "openapi.yaml"');
  const openapiFile = inside(dir, raw.openapi);
  if (!existsSync(openapiFile)) throw fail('openapi', `names ${openapiFile}, which does not exist`);

  const functions: LocalAppManifest['functions'] = [];
  const declared = (raw.functions ?? {}) as Record<string, Record<string, unknown>>;
  if (typeof declared !== 'object' || Array.isArray(declared)) throw fail('functions', 'must be an object of name → settings');
  for (const [name, spec] of Object.entries(declared)) {
    const at = `functions.${name}`;
    if (typeof spec?.path !== 'string') throw fail(`${at}.path`, 'must name the function folder');
    const directory = inside(dir, spec.path);
    if (!existsSync(directory) || !statSync(directory).isDirectory()) throw fail(`${at}.path`, `names ${directory}, which is not a folder`);
    functions.push({
      name,
      directory,
      configuration: {
        Runtime: (spec.runtime ?? 'nodejs20.x') as FunctionConfigurationInput['Runtime'],
        Handler: spec.handler as string,
        Timeout: (spec.timeout as number | undefined) ?? 3,
        MemorySize: (spec.memorySize as number | undefined) ?? 128,
        Description: spec.description as string | undefined,
        Environment: spec.environment ? { Variables: spec.environment as Record<string, string> } : undefined,
      },
    });
  }
  return { name: raw.name, protocolType: 'HTTP', openapiFile, functions };
}

/** Paths in the manifest are relative to its folder and may not leave it. */
function inside(dir: string, path: string): string {
  const full = resolve(dir, path);
  if (isAbsolute(path) || !(full === dir || full.startsWith(`${dir}/`))) {
    throw new LocalAppError(`${join(dir, MANIFEST_FILE)}: path "${path}" must stay inside ${dir}`);
  }
  return full;
}
