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

  invoke(request: LambdaInvokeRequest): Promise<LambdaInvokeResult> {
    let target: ReturnType<typeof resolveInvokeTarget>;
    try {
      target = resolveInvokeTarget(request);
      // A function known here right now goes to the local runtime without an await on the way.
      if (target.kind !== 'service-error' && this.options.resolver.peek?.(target.functionName)) return this.options.local.invoke(request);
    } catch (error) {
      // As from an async function: a failure is a rejection, never a throw.
      return Promise.reject(error);
    }
    return this.route(request, target);
  }

  private async route(request: LambdaInvokeRequest, target: ReturnType<typeof resolveInvokeTarget>): Promise<LambdaInvokeResult> {
    if (target.kind === 'service-error') return target;
    // `return await`: returning the promise itself costs an async function two more microtask turns.
    if (await this.options.resolver.resolve(target.functionName)) return await this.options.local.invoke(request);
    if (this.options.remote) return await this.options.remote.invoke(request);
    return functionNotFound(this.arn, target.functionName, target.qualifier);
  }
}
