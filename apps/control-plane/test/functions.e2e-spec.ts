import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  PutFunctionConcurrencyCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { startControlPlane, StartedControlPlane, zipOf } from '@app/testing';

const handler = (body: string) => zipOf({ 'index.js': `exports.handler = async (event, context) => (${body});` });
const decode = (payload?: Uint8Array) => JSON.parse(Buffer.from(payload ?? []).toString('utf8'));

describe('Lambda function API (official @aws-sdk/client-lambda)', () => {
  let cp: StartedControlPlane;
  let lambda: LambdaClient;

  beforeAll(async () => {
    cp = await startControlPlane();
    lambda = new LambdaClient(cp.clientConfig);
  });

  afterAll(async () => {
    lambda.destroy();
    await cp.close();
  });

  it('creates a function from a zip and describes it like AWS', async () => {
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'echo',
        Runtime: 'nodejs20.x',
        Role: 'arn:aws:iam::123456789012:role/lambda',
        Handler: 'index.handler',
        Code: { ZipFile: handler('{ got: event, fn: context.functionName, env: process.env.STAGE }') },
        Environment: { Variables: { STAGE: 'test' } },
        Timeout: 5,
      }),
    );
    expect(created).toMatchObject({
      FunctionName: 'echo',
      FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:echo',
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Timeout: 5,
      MemorySize: 128,
      Version: '$LATEST',
      State: 'Active',
      Environment: { Variables: { STAGE: 'test' } },
    });
    expect(created.CodeSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);

    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'echo' }));
    expect(got.Configuration?.RevisionId).toBe(created.RevisionId);
    const listed = await lambda.send(new ListFunctionsCommand({}));
    expect(listed.Functions?.map((f) => f.FunctionName)).toEqual(['echo']);
  });

  it('invokes it and returns the handler result', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from(JSON.stringify({ a: 1 })) }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(decode(out.Payload)).toEqual({ got: { a: 1 }, fn: 'echo', env: 'test' });
  });

  it('returns the last log lines with LogType Tail', async () => {
    await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'echo', ZipFile: zipOf({ 'index.js': `exports.handler = async () => { console.log('hello log'); return 1; };` }) }),
    );
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'echo', LogType: 'Tail' }));
    const log = Buffer.from(out.LogResult ?? '', 'base64').toString();
    expect(log).toMatch(/START RequestId: [0-9a-f-]{36} Version: \$LATEST/);
    expect(log).toContain('\tINFO\thello log');
    expect(log).toMatch(/REPORT RequestId: .*\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB/);
  });

  it('serves the new code after UpdateFunctionCode and the new settings after UpdateFunctionConfiguration', async () => {
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'echo', ZipFile: handler("'v2:' + process.env.STAGE") }));
    expect(decode((await lambda.send(new InvokeCommand({ FunctionName: 'echo' }))).Payload)).toBe('v2:test');
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'echo', Environment: { Variables: { STAGE: 'prod' } } }));
    expect(decode((await lambda.send(new InvokeCommand({ FunctionName: 'echo' }))).Payload)).toBe('v2:prod');
  });

  it('reports a thrown error as an Unhandled function error', async () => {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'thrower',
        Runtime: 'nodejs20.x',
        Role: 'arn:aws:iam::123456789012:role/lambda',
        Handler: 'index.handler',
        Code: { ZipFile: zipOf({ 'index.js': `exports.handler = async () => { throw new TypeError('boom'); };` }) },
      }),
    );
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'thrower' }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe('Unhandled');
    expect(decode(out.Payload)).toMatchObject({ errorType: 'TypeError', errorMessage: 'boom' });
  });

  it('answers Event invocations with 202 and DryRun with 204', async () => {
    expect((await lambda.send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'Event' }))).StatusCode).toBe(202);
    expect((await lambda.send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'DryRun' }))).StatusCode).toBe(204);
  });

  it.each([
    ['an unknown function', () => new InvokeCommand({ FunctionName: 'nope' }), 'ResourceNotFoundException', 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope'],
    ['a payload that is not JSON', () => new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{oops') }), 'InvalidRequestContentException', 'Could not parse request body into json'],
    [
      'a duplicate name',
      () => new CreateFunctionCommand({ FunctionName: 'echo', Runtime: 'nodejs20.x', Role: 'r', Handler: 'index.handler', Code: { ZipFile: handler('1') } }),
      'ResourceConflictException',
      'Function already exist: echo',
    ],
    [
      'an unsupported runtime',
      () => new CreateFunctionCommand({ FunctionName: 'py', Runtime: 'python3.12', Role: 'r', Handler: 'index.handler', Code: { ZipFile: handler('1') } }),
      'InvalidParameterValueException',
      "at 'runtime' failed to satisfy constraint",
    ],
    [
      'a file that is not a zip',
      () => new CreateFunctionCommand({ FunctionName: 'bad', Runtime: 'nodejs20.x', Role: 'r', Handler: 'index.handler', Code: { ZipFile: Buffer.from('not a zip') } }),
      'InvalidParameterValueException',
      'Could not unzip uploaded file',
    ],
    [
      'a timeout over 900 s',
      () => new UpdateFunctionConfigurationCommand({ FunctionName: 'echo', Timeout: 901 }),
      'InvalidParameterValueException',
      'Member must have value between 1 and 900',
    ],
  ])('refuses %s with the AWS error', async (_case, command, errorName, message) => {
    const error = await lambda.send(command() as never).catch((e: Error) => e);
    expect((error as Error).name).toBe(errorName);
    expect((error as Error).message).toContain(message);
  });

  it('throttles invocations over the reserved concurrency with TooManyRequestsException', async () => {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'slow',
        Runtime: 'nodejs20.x',
        Role: 'r',
        Handler: 'index.handler',
        Code: { ZipFile: zipOf({ 'index.js': `exports.handler = () => new Promise((r) => setTimeout(() => r('done'), 300));` }) },
      }),
    );
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'slow', ReservedConcurrentExecutions: 1 }));
    // The SDK retries throttling errors by default (it recognises ours as one); one attempt shows the refusals.
    const once = new LambdaClient({ ...cp.clientConfig, maxAttempts: 1 });
    const results = await Promise.allSettled([1, 2, 3].map(() => once.send(new InvokeCommand({ FunctionName: 'slow' }))));
    once.destroy();
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.name);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(refused).toEqual(['TooManyRequestsException', 'TooManyRequestsException']);
  });

  it('deletes a function', async () => {
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'thrower' }));
    const error = await lambda.send(new GetFunctionCommand({ FunctionName: 'thrower' })).catch((e: Error) => e);
    expect((error as Error).name).toBe('ResourceNotFoundException');
  });
});
