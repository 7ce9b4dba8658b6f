import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AwsError } from './aws-error';

/**
 * Every error leaves the management API in AWS's shape: `x-amzn-ErrorType` header plus `{"message": ...}`.
 * Framework errors (bad JSON, unknown route, payload too large) are mapped to the nearest AWS type.
 */
@Catch()
export class AwsErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ManagementApi');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const error = toAwsError(exception);
    if (error.statusCode >= 500) this.logger.error((exception as Error)?.stack ?? String(exception));
    void reply
      .status(error.statusCode)
      .header('x-amzn-ErrorType', error.errorType)
      .header('content-type', 'application/json')
      .send(JSON.stringify({ message: error.message, ...error.extra }));
  }
}

export function toAwsError(exception: unknown): AwsError {
  if (exception instanceof AwsError) return exception;
  const status = exception instanceof HttpException ? exception.getStatus() : (exception as { statusCode?: number })?.statusCode;
  const message = (exception as Error)?.message ?? 'Internal server error';
  switch (status) {
    case 400:
      return new AwsError(400, 'BadRequestException', message);
    case 404:
      return new AwsError(404, 'NotFoundException', 'Invalid request path');
    case 405:
      return new AwsError(405, 'MethodNotAllowedException', message);
    case 413:
      return new AwsError(413, 'RequestEntityTooLargeException', 'Request must be smaller than the maximum size');
    case 415:
      return new AwsError(415, 'UnsupportedMediaTypeException', message);
    default:
      return new AwsError(500, 'InternalFailure', 'An internal error occurred');
  }
}
