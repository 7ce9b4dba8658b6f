/** A template that cannot be compiled; deploy refuses it and names the place. Lines and columns are 1-based. */
export class MappingTemplateError extends Error {
  override readonly name = 'MappingTemplateError';
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} (line ${line}, column ${column})`);
  }
}

/**
 * A template failed while rendering (a Java exception at AWS, e.g. `substring` out of range, or one of our bounds
 * was hit). The caller answers with a 500 gateway response, as AWS does for a failing template.
 */
export class MappingRuntimeError extends Error {
  override readonly name = 'MappingRuntimeError';
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? message : `${message} (line ${line}, column ${column})`);
  }
}
