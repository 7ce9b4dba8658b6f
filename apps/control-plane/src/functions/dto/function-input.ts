import { SUPPORTED_RUNTIMES, type FunctionRuntime } from '@app/contracts';
import { invalidParameter, invalidRequestContent } from '../lambda-errors';

/** Fields of CreateFunction / UpdateFunctionConfiguration we accept, validated as the Lambda API validates them. */
export interface FunctionConfigurationInput {
  Runtime?: FunctionRuntime;
  Role?: string;
  Handler?: string;
  Description?: string;
  Timeout?: number;
  MemorySize?: number;
  Environment?: { Variables?: Record<string, string> };
}

export interface CreateFunctionInput extends FunctionConfigurationInput {
  FunctionName: string;
  Code: { ZipFile?: string; S3Bucket?: string; ImageUri?: string };
  PackageType?: string;
  Publish?: boolean;
  Tags?: Record<string, string>;
}

const NAME = /^[a-zA-Z0-9-_]{1,64}$/;
const HANDLER = /^[^\s]{1,128}$/;

export function parseJsonBody(body: unknown): Record<string, unknown> {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
  try {
    const value: unknown = JSON.parse(text || '{}');
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw invalidRequestContent('Could not parse request body into json: the body is not a JSON object');
  }
}

export function validateFunctionName(name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw invalidParameter(
      `1 validation error detected: Value '${String(name)}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+ and length 1..64`,
    );
  }
  return name;
}

export function validateConfiguration(input: Record<string, unknown>, creating: boolean): FunctionConfigurationInput {
  const out: FunctionConfigurationInput = {};
  if (input.Runtime !== undefined || creating) {
    if (!SUPPORTED_RUNTIMES.includes(input.Runtime as FunctionRuntime)) {
      throw invalidParameter(
        `Value ${String(input.Runtime)} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${SUPPORTED_RUNTIMES.join(', ')}]`,
      );
    }
    out.Runtime = input.Runtime as FunctionRuntime;
  }
  if (input.Handler !== undefined || creating) {
    if (typeof input.Handler !== 'string' || !HANDLER.test(input.Handler) || !input.Handler.includes('.')) {
      throw invalidParameter(`Value ${String(input.Handler)} at 'handler' failed to satisfy constraint: Member must be of the form file.export`);
    }
    out.Handler = input.Handler;
  }
  if (input.Timeout !== undefined) out.Timeout = intInRange(input.Timeout, 'timeout', 1, 900);
  if (input.MemorySize !== undefined) out.MemorySize = intInRange(input.MemorySize, 'memorySize', 128, 10240);
  if (input.Role !== undefined) out.Role = stringField(input.Role, 'role');
  if (input.Description !== undefined) out.Description = stringField(input.Description, 'description', 256);
  if (input.Environment !== undefined) out.Environment = { Variables: environment(input.Environment) };
  return out;
}

function intInRange(value: unknown, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw invalidParameter(`Value ${String(value)} at '${field}' failed to satisfy constraint: Member must have value between ${min} and ${max}`);
  }
  return value as number;
}

function stringField(value: unknown, field: string, max = 2048): string {
  if (typeof value !== 'string' || value.length > max) {
    throw invalidParameter(`Value at '${field}' failed to satisfy constraint: Member must be a string of at most ${max} characters`);
  }
  return value;
}

/** Environment variables: names as Lambda allows them, values strings, 4 KB in total. */
function environment(value: unknown): Record<string, string> {
  const variables = (value as { Variables?: unknown })?.Variables ?? {};
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
    throw invalidParameter('Environment.Variables must be a map of strings');
  }
  let size = 0;
  for (const [name, v] of Object.entries(variables)) {
    if (!/^[a-zA-Z]\w*$/.test(name)) throw invalidParameter(`Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys or invalid names: ${name}`);
    if (typeof v !== 'string') throw invalidParameter(`Environment variable ${name} must be a string`);
    size += name.length + v.length;
  }
  if (size > 4096) {
    throw invalidParameter('Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit.');
  }
  return variables as Record<string, string>;
}
