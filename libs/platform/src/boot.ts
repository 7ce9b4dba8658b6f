import { ConfigError, loadConfig, type AppConfig } from '@app/config';

/** Loads the config or exits with the variable's name: a bad value must stop the app before it serves anything. */
export function loadConfigOrExit(overrides?: Parameters<typeof loadConfig>[1]): AppConfig {
  try {
    return loadConfig(process.env, overrides);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/** Ends the process on a boot failure with one readable line instead of an unhandled rejection. */
export function exitOnBootFailure(app: string) {
  return (error: unknown) => {
    process.stderr.write(`${app} failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  };
}
