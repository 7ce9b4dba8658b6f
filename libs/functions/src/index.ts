export { LocalFunctionRuntime, type LocalFunctionRuntimeOptions } from './local/local-function-runtime';
export { RemoteLambdaInvoker, type RemoteLambdaInvokerOptions } from './remote/remote-lambda-invoker';
export { RoutingLambdaInvoker, type RoutingLambdaInvokerOptions } from './routing/routing-lambda-invoker';
export { parseIntegrationUri } from './reference/integration-uri';
export { parseFunctionReference, type FunctionReference } from './reference/function-reference';
export { functionNotFound, TOO_MANY_REQUESTS, type ServiceError } from './errors/lambda-service-errors';
