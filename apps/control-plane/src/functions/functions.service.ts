import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { unzipSync } from 'fflate';
import { functionArn, type FunctionCodeLocation, type FunctionConfigurationDoc, type FunctionRecord } from '@app/contracts';
import { parseFunctionReference } from '@app/functions';
import { RUNTIME, type Runtime } from '@app/platform';
import { AwsError } from '../common/aws-error';
import { CreateFunctionInput, FunctionConfigurationInput, validateConfiguration, validateFunctionName } from './dto/function-input';
import { invalidParameter, lambdaConflict, lambdaNotFound } from './lambda-errors';

/** Lambda's own default limits, applied when CreateFunction leaves them out. */
const DEFAULT_TIMEOUT_S = 3;
const DEFAULT_MEMORY_MB = 128;
/** Direct-upload limit of the Lambda API: 50 MB zipped. */
const MAX_ZIP_BYTES = 50 * 1024 * 1024;

/** The function registry: what CreateFunction & co. manage, and what every node resolves functions from. */
@Injectable()
export class FunctionsService {
  private readonly logger = new Logger(FunctionsService.name);

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  async create(input: CreateFunctionInput): Promise<FunctionConfigurationDoc> {
    const name = validateFunctionName(input.FunctionName);
    const config = validateConfiguration(input as unknown as Record<string, unknown>, true);
    if (input.PackageType && input.PackageType !== 'Zip') throw invalidParameter('Only PackageType Zip is supported');
    if (!input.Code?.ZipFile) {
      throw invalidParameter('Please provide a source for function code: Code.ZipFile (S3 and container images are not supported here).');
    }
    if (await this.runtime.store.functions.get(name)) throw lambdaConflict(`Function already exist: ${name}`);
    const code = await this.storeZip(input.Code.ZipFile);
    return this.save({ name, config, code: code.location, codeSize: code.size, codeSha256: code.sha256Base64, tags: input.Tags });
  }

  /** Local mode: a function whose code is a folder on disk, created or updated from the app manifest at start. */
  async upsertDirectoryFunction(name: string, config: FunctionConfigurationInput, path: string): Promise<FunctionConfigurationDoc> {
    validateFunctionName(name);
    const validated = validateConfiguration(config as Record<string, unknown>, true);
    const existing = await this.runtime.store.functions.get(name);
    const sha = createHash('sha256').update(path).digest('base64');
    return this.save({ name, config: validated, code: { kind: 'directory', path }, codeSize: 0, codeSha256: sha, previous: existing });
  }

  async get(name: string): Promise<FunctionRecord> {
    const functionName = this.nameOf(name);
    const record = await this.runtime.store.functions.get(functionName);
    if (!record) throw lambdaNotFound(this.arn(functionName));
    return record;
  }

  list(): Promise<FunctionRecord[]> {
    return this.runtime.store.functions.list();
  }

  async updateCode(name: string, zipFileBase64: string | undefined): Promise<FunctionConfigurationDoc> {
    const previous = await this.get(name);
    if (!zipFileBase64) throw invalidParameter('Please provide a source for function code: ZipFile.');
    const code = await this.storeZip(zipFileBase64);
    return this.save({
      name: previous.configuration.FunctionName,
      config: previous.configuration,
      code: code.location,
      codeSize: code.size,
      codeSha256: code.sha256Base64,
      previous,
    });
  }

  async updateConfiguration(name: string, input: Record<string, unknown>): Promise<FunctionConfigurationDoc> {
    const previous = await this.get(name);
    const config = { ...previous.configuration, ...validateConfiguration(input, false) };
    const c = previous.configuration;
    return this.save({ name: c.FunctionName, config, code: previous.code, codeSize: c.CodeSize, codeSha256: c.CodeSha256, previous });
  }

  async setReservedConcurrency(name: string, value: unknown): Promise<number> {
    const previous = await this.get(name);
    if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 1000) {
      throw invalidParameter(`Value ${String(value)} at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value between 0 and 1000`);
    }
    await this.persist({ ...previous, reservedConcurrency: value as number });
    return value as number;
  }

  async clearReservedConcurrency(name: string): Promise<void> {
    const previous = await this.get(name);
    await this.persist({ ...previous, reservedConcurrency: undefined });
  }

  async delete(name: string): Promise<void> {
    const record = await this.get(name);
    await this.runtime.store.functions.delete(record.configuration.FunctionName);
    await this.announce('function.deleted', { v: 1, functionName: record.configuration.FunctionName });
  }

  arn(name: string): string {
    return functionArn(this.runtime.config, name);
  }

  /** Accepts a name, `name:qualifier`, a partial ARN `account:function:name` or a full ARN, like the Lambda API. */
  nameOf(nameOrArn: string): string {
    const decoded = decodeURIComponent(nameOrArn);
    // Stage-variable placeholders belong to integration URIs, never to a Lambda API call.
    const ref = decoded.includes('${') ? undefined : parseFunctionReference(decoded);
    if (!ref) throw invalidParameter(`1 validation error detected: Value '${decoded}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern`);
    return ref.functionName;
  }


  private async storeZip(zipFileBase64: string) {
    const zip = Buffer.from(zipFileBase64, 'base64');
    if (zip.length > MAX_ZIP_BYTES) {
      throw new AwsError(413, 'RequestTooLargeException', 'Request must be smaller than 52428800 bytes for the CreateFunction operation', { Type: 'User' });
    }
    try {
      unzipSync(new Uint8Array(zip), { filter: () => false });
    } catch {
      throw invalidParameter('Could not unzip uploaded file. Please check your file, then try to upload again.');
    }
    const sha256Hex = await this.runtime.store.functionCode.put(zip);
    const location: FunctionCodeLocation = { kind: 'zip', sha256Hex };
    return { location, size: zip.length, sha256Base64: Buffer.from(sha256Hex, 'hex').toString('base64') };
  }

  private async save(args: {
    name: string;
    config: FunctionConfigurationInput;
    code: FunctionCodeLocation;
    codeSize: number;
    codeSha256: string;
    tags?: Record<string, string>;
    previous?: FunctionRecord;
  }): Promise<FunctionConfigurationDoc> {
    const configuration: FunctionConfigurationDoc = {
      FunctionName: args.name,
      FunctionArn: this.arn(args.name),
      Runtime: args.config.Runtime!,
      Role: args.config.Role ?? `arn:aws:iam::${this.runtime.config.accountId}:role/lambda-role`,
      Handler: args.config.Handler!,
      CodeSize: args.codeSize,
      Description: args.config.Description ?? '',
      Timeout: args.config.Timeout ?? DEFAULT_TIMEOUT_S,
      MemorySize: args.config.MemorySize ?? DEFAULT_MEMORY_MB,
      LastModified: lambdaTimestamp(new Date()),
      CodeSha256: args.codeSha256,
      Version: '$LATEST',
      Environment: args.config.Environment,
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      Architectures: ['x86_64'],
      RevisionId: randomUUID(),
    };
    await this.persist({
      configuration,
      code: args.code,
      reservedConcurrency: args.previous?.reservedConcurrency,
      tags: args.tags ?? args.previous?.tags,
    });
    return configuration;
  }

  private async persist(record: FunctionRecord): Promise<void> {
    await this.runtime.store.functions.save(record);
    await this.announce('function.updated', { v: 1, functionName: record.configuration.FunctionName, revisionId: record.configuration.RevisionId ?? '' });
  }

  private async announce(...[type, payload]: Parameters<Runtime['bus']['publish']>): Promise<void> {
    try {
      await this.runtime.bus.publish(type, payload);
    } catch (error) {
      this.logger.warn(`could not publish ${type}: ${(error as Error).message}`);
    }
  }
}

/** Lambda's LastModified format: `2019-11-26T17:27:49.526+0000`. */
function lambdaTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}
