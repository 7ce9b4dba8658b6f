/**
 * A parameter mapping AWS would refuse (BadRequestException on PutIntegration / PutIntegrationResponse / import),
 * with AWS's message shape so the control plane can return it as it is.
 */
export class ParameterMappingError extends Error {
  override readonly name = 'ParameterMappingError';
  readonly awsErrorType = 'BadRequestException';

  constructor(
    /** The offending key or expression, as the caller wrote it. */
    readonly offending: string,
    kind: 'expression' | 'parameter' = 'expression',
  ) {
    const detail =
      kind === 'parameter'
        ? `Invalid mapping expression parameter specified: ${offending}`
        : `Invalid mapping expression specified: ${offending}`;
    super(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [${detail}]`);
  }
}
