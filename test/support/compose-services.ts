import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface ComposeService {
  command: string[];
  environment: Record<string, string>;
}

/**
 * The services of docker-compose.yml as the test runs them: the same command and environment, with `${VAR:-default}`
 * resolved to its default. Tests then override only addresses (database, Redis, ports) that differ outside containers.
 */
export function composeService(name: string): ComposeService {
  const doc = parse(readFileSync(join(__dirname, '../../docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, { command: string[]; environment: Record<string, string> }>;
  };
  const service = doc.services[name];
  if (!service) throw new Error(`docker-compose.yml has no service ${name}`);
  const environment: Record<string, string> = {};
  for (const [key, value] of Object.entries(service.environment)) {
    environment[key] = String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
  }
  return { command: service.command, environment };
}
