/**
 * An error in AWS's JSON protocol shape: the SDK reads the type from `x-amzn-ErrorType` and the message from the
 * body, and raises e.g. `NotFoundException`. Services throw these; AwsErrorFilter writes them.
 */
export class AwsError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorType: string,
    message: string,
    /** Extra body members some services add (Lambda's `Type: "User"`, `Reason`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = errorType;
  }
}

export const notFound = (message: string) => new AwsError(404, 'NotFoundException', message);
export const badRequest = (message: string) => new AwsError(400, 'BadRequestException', message);
export const conflict = (message: string) => new AwsError(409, 'ConflictException', message);
export const tooManyRequests = (message: string) => new AwsError(429, 'TooManyRequestsException', message);
export const unauthorized = (message: string) => new AwsError(401, 'UnauthorizedException', message);
