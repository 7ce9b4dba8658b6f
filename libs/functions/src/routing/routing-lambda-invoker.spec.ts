import type { LambdaInvokeRequest, LambdaInvokeResult, LambdaInvoker } from '@app/contracts';
import { RoutingLambdaInvoker } from './routing-lambda-invoker';
import { ACCOUNT, directoryFunction, MemoryResolver, REGION } from '../testing/function-fixtures';

class RecordingInvoker implements LambdaInvoker {
  readonly calls: LambdaInvokeRequest[] = [];
  constructor(private readonly label: string) {}
  async invoke(request: LambdaInvokeRequest): Promise<LambdaInvokeResult> {
    this.calls.push(request);
    return { kind: 'success', statusCode: 200, payload: JSON.stringify(this.label), executedVersion: '$LATEST' };
  }
}

describe(RoutingLambdaInvoker.name, () => {
  const resolver = new MemoryResolver(directoryFunction('local-fn', '/tmp/nowhere'));

  it('sends functions the resolver knows to the local runtime, by name or ARN', async () => {
    const local = new RecordingInvoker('local');
    const remote = new RecordingInvoker('remote');
    const sut = new RoutingLambdaInvoker({ resolver, local, remote, region: REGION, accountId: ACCOUNT });
    for (const functionName of ['local-fn', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:local-fn:$LATEST`]) {
      await expect(sut.invoke({ functionName, payload: '{}' })).resolves.toMatchObject({ payload: '"local"' });
    }
    expect(local.calls).toHaveLength(2);
    expect(remote.calls).toHaveLength(0);
  });

  it('routes a function the resolver has at hand without waiting for resolve, and falls back to resolve otherwise', async () => {
    const local = new RecordingInvoker('local');
    const remote = new RecordingInvoker('remote');
    const record = directoryFunction('peeked', '/tmp/nowhere');
    let resolves = 0;
    const peeking = {
      peek: (name: string) => (name === 'peeked' ? record : undefined),
      resolve: async (name: string) => (resolves++, name === 'resolved' ? record : undefined),
    };
    const sut = new RoutingLambdaInvoker({ resolver: peeking, local, remote, region: REGION, accountId: ACCOUNT });
    await expect(sut.invoke({ functionName: 'peeked', payload: '{}' })).resolves.toMatchObject({ payload: '"local"' });
    expect(resolves).toBe(0);
    await expect(sut.invoke({ functionName: 'resolved', payload: '{}' })).resolves.toMatchObject({ payload: '"local"' });
    await expect(sut.invoke({ functionName: 'elsewhere', payload: '{}' })).resolves.toMatchObject({ payload: '"remote"' });
    expect(resolves).toBe(2);
  });

  it('sends unknown functions to the remote invoker unchanged', async () => {
    const local = new RecordingInvoker('local');
    const remote = new RecordingInvoker('remote');
    const sut = new RoutingLambdaInvoker({ resolver, local, remote, region: REGION, accountId: ACCOUNT });
    const request = { functionName: 'arn:aws:lambda:eu-west-1:999999999999:function:elsewhere', payload: '{"x":1}' };
    await expect(sut.invoke(request)).resolves.toMatchObject({ payload: '"remote"' });
    expect(remote.calls).toEqual([request]);
  });

  it('answers 404 ResourceNotFoundException for unknown functions without a remote', async () => {
    const sut = new RoutingLambdaInvoker({ resolver, local: new RecordingInvoker('local'), region: REGION, accountId: ACCOUNT });
    await expect(sut.invoke({ functionName: 'nope:live', payload: '{}' })).resolves.toEqual({
      kind: 'service-error',
      statusCode: 404,
      errorType: 'ResourceNotFoundException',
      message: `Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:nope:live`,
    });
  });

  it('refuses an invalid function name with 400 ValidationException before routing', async () => {
    const local = new RecordingInvoker('local');
    const sut = new RoutingLambdaInvoker({ resolver, local, remote: local, region: REGION, accountId: ACCOUNT });
    await expect(sut.invoke({ functionName: 'bad name', payload: '{}' })).resolves.toMatchObject({ statusCode: 400, errorType: 'ValidationException' });
    expect(local.calls).toHaveLength(0);
  });
});
