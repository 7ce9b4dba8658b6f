import { Body, Controller, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RUNTIME, type Runtime } from '@app/platform';
import { AwsError } from '../common/aws-error';
import { FunctionsService } from './functions.service';
import { invalidParameter, invalidRequestContent } from './lambda-errors';

/** Lambda's synchronous payload limit. */
const MAX_REQUEST_PAYLOAD = 6 * 1024 * 1024;
const INVOCATION_TYPES = ['RequestResponse', 'Event', 'DryRun'] as const;

/** Lambda Invoke: same runtime (warm worker pool or remote endpoint) the gateways use. */
@Controller()
export class InvokeController {
  constructor(
    private readonly functions: FunctionsService,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  @Post('2015-03-31/functions/:name/invocations')
  async invoke(
    @Param('name') name: string,
    @Query('Qualifier') qualifier: string | undefined,
    @Headers('x-amz-invocation-type') invocationType = 'RequestResponse',
    @Headers('x-amz-log-type') logType = 'None',
    @Headers('x-amz-client-context') clientContext: string | undefined,
    @Body() body: Buffer | undefined,
    @Res() reply: FastifyReply,
  ) {
    if (!INVOCATION_TYPES.includes(invocationType as (typeof INVOCATION_TYPES)[number])) {
      throw invalidParameter(`Value ${invocationType} at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`);
    }
    if (logType !== 'None' && logType !== 'Tail') throw invalidParameter(`Value ${logType} at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]`);
    const payload = body && body.length ? body.toString('utf8') : '{}';
    if (body && body.length > MAX_REQUEST_PAYLOAD) {
      throw new AwsError(413, 'RequestTooLargeException', `${body.length} byte payload is too large for the ${invocationType} invocation type (limit ${MAX_REQUEST_PAYLOAD} bytes)`, { Type: 'User' });
    }
    try {
      JSON.parse(payload);
    } catch (error) {
      throw invalidRequestContent(`Could not parse request body into json: ${(error as Error).message}`);
    }
    const functionName = this.functions.nameOf(name);
    const result = await this.runtime.invoker.invoke({
      functionName,
      qualifier,
      payload,
      invocationType: invocationType as (typeof INVOCATION_TYPES)[number],
      logType: logType as 'None' | 'Tail',
      clientContext,
    });
    if (result.kind === 'service-error') {
      throw new AwsError(result.statusCode, result.errorType, result.message, { Type: result.statusCode >= 500 ? 'Service' : 'User' });
    }
    reply.status(result.statusCode).header('x-amz-executed-version', result.executedVersion);
    if (result.logResult) reply.header('x-amz-log-result', result.logResult);
    if (result.kind === 'function-error') reply.header('x-amz-function-error', result.functionError);
    if (result.statusCode === 200) return reply.header('content-type', 'application/json').send(result.payload);
    return reply.send();
  }
}
