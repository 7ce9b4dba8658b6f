import type { ArnContext, FunctionResolver, LambdaInvokeRequest, LambdaInvokeResult, LambdaInvoker } from '@app/contracts';
import { functionNotFound } from '../errors/lambda-service-errors';
import { resolveInvokeTarget } from '../reference/invoke-target';

export interface RoutingLambdaInvokerOptions {
  /** Knows the functions that run here. */
  resolver: FunctionResolver;
  /** Runs the functions the resolver knows (usually a LocalFunctionRuntime). */
  local: LambdaInvoker;
  /** Everything else; without it an unknown function is a 404. */
  remote?: LambdaInvoker;
  /** Region and account for the 404 message. */
  region: string;
  accountId: string;
}

/** Sends each invocation to the local runtime when the function is registered here, else to the remote endpoint. */
export class RoutingLambdaInvoker implements LambdaInvoker {
  private readonly arn: ArnContext;

  constructor(private readonly options: RoutingLambdaInvokerOptions) {
    this.arn = { region: options.region, accountId: options.accountId };
  }

  async invoke(request: LambdaInvokeRequest): Promise<LambdaInvokeResult> {
    const target = resolveInvokeTarget(request);
    if (target.kind === 'service-error') return target;
    // `return await`: returning the promise itself costs an async function two more microtask turns.
    if (await this.options.resolver.resolve(target.functionName)) return await this.options.local.invoke(request);
    if (this.options.remote) return await this.options.remote.invoke(request);
    return functionNotFound(this.arn, target.functionName, target.qualifier);
  }
}
