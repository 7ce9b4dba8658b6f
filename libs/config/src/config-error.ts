/** A bad or missing environment variable; the message names it, and the apps exit 78 (EX_CONFIG) on it. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}
