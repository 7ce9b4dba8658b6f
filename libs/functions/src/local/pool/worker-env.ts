import { randomBytes } from 'node:crypto';
import type { FunctionConfigurationDoc } from '@app/contracts';

export interface WorkerEnvInput {
  configuration: FunctionConfigurationDoc;
  taskRoot: string;
  runtimeDir: string;
  region: string;
  logStreamName: string;
}

/** `2024/05/01/[$LATEST]<32 hex>`: one stream per execution environment, i.e. per worker. */
export function newLogStreamName(version: string, now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[${version}]${randomBytes(16).toString('hex')}`;
}

/**
 * The environment a handler sees. The host's own environment is NOT inherited (a Lambda sees only its
 * configuration), except PATH so child processes still start. Order matters: defaults the function may override
 * (LANG, TZ), then the function's variables, then the variables Lambda reserves, which always win.
 */
export function buildWorkerEnv(input: WorkerEnvInput): Record<string, string> {
  const c = input.configuration;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    ...c.Environment?.Variables,
  };
  env.AWS_LAMBDA_FUNCTION_NAME = c.FunctionName;
  env.AWS_LAMBDA_FUNCTION_VERSION = c.Version || '$LATEST';
  env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE = String(c.MemorySize);
  env.AWS_LAMBDA_LOG_GROUP_NAME = `/aws/lambda/${c.FunctionName}`;
  env.AWS_LAMBDA_LOG_STREAM_NAME = input.logStreamName;
  env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
  env.AWS_REGION = input.region;
  env.AWS_DEFAULT_REGION = input.region;
  env.AWS_EXECUTION_ENV = `AWS_Lambda_${c.Runtime || 'nodejs20.x'}`;
  env.LAMBDA_TASK_ROOT = input.taskRoot;
  env.LAMBDA_RUNTIME_DIR = input.runtimeDir;
  env._HANDLER = c.Handler;
  return env;
}
