/** Lambda functions as the Lambda API (2015-03-31) describes them; what the registry stores and nodes cache. */

export type FunctionRuntime = 'nodejs18.x' | 'nodejs20.x' | 'nodejs22.x';
export const SUPPORTED_RUNTIMES: readonly FunctionRuntime[] = ['nodejs18.x', 'nodejs20.x', 'nodejs22.x'];

export interface FunctionConfigurationDoc {
  FunctionName: string;
  FunctionArn: string;
  Runtime: FunctionRuntime;
  Role?: string;
  /** `file.export`, e.g. `index.handler`. */
  Handler: string;
  CodeSize: number;
  Description?: string;
  /** Seconds, 1..900, default 3. */
  Timeout: number;
  /** MB, 128..10240, default 128. */
  MemorySize: number;
  LastModified: string;
  /** Base64 of the SHA-256 of the deployment package, as AWS reports it. */
  CodeSha256: string;
  Version: string;
  Environment?: { Variables?: Record<string, string> };
  State?: 'Active' | 'Pending' | 'Inactive' | 'Failed';
  LastUpdateStatus?: 'Successful' | 'InProgress' | 'Failed';
  PackageType?: 'Zip';
  Architectures?: string[];
  RevisionId?: string;
}

/**
 * Where a function's code lives. `zip`: a stored package, content-addressed by hex SHA-256 and cached on each node's
 * disk. `directory`: a folder on the local disk (local mode only), watched for hot reload.
 */
export type FunctionCodeLocation = { kind: 'zip'; sha256Hex: string } | { kind: 'directory'; path: string };

export interface FunctionRecord {
  configuration: FunctionConfigurationDoc;
  code: FunctionCodeLocation;
  /** Reserved concurrency; undefined = unreserved. */
  reservedConcurrency?: number;
  tags?: Record<string, string>;
}
