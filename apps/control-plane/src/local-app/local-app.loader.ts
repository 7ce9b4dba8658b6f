import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { RUNTIME, type Runtime } from '@app/platform';
import { AwsError } from '../common/aws-error';
import { FunctionsService } from '../functions/functions.service';
import { ImportExportService } from '../http-apis/import-export/import-export.service';
import { StagesService } from '../http-apis/stages/stages.service';
import { LocalAppError, readLocalAppManifest, type LocalAppManifest } from './local-app.manifest';

/**
 * Local mode: serves the app in LOCAL_APP_DIR at start through the same services the management API uses —
 * functions as hot-reloaded folders, the OpenAPI document imported (re-imported on later starts, keeping the API id,
 * so URLs stay the same) with a `$default` autoDeploy stage. A broken app is reported with its file and field and
 * the gateway keeps running, so the author can fix it and restart.
 */
@Injectable()
export class LocalAppLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger('LocalApp');

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly functions: FunctionsService,
    private readonly importer: ImportExportService,
    private readonly stages: StagesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { mode, localAppDir } = this.runtime.config;
    if (mode !== 'local' || !localAppDir) return;
    try {
      await this.load(localAppDir);
    } catch (error) {
      const detail = error instanceof AwsError ? `${error.errorType}: ${error.message}` : (error as Error).message;
      this.logger.error(`could not load ${localAppDir}: ${detail}`);
      if (!(error instanceof LocalAppError || error instanceof AwsError)) this.logger.error((error as Error).stack);
    }
  }

  async load(appDir: string): Promise<string> {
    const manifest = readLocalAppManifest(appDir);
    for (const fn of manifest.functions) await this.functions.upsertDirectoryFunction(fn.name, fn.configuration, fn.directory);
    const apiId = await this.importApi(manifest, resolve(appDir));
    if (!(await this.runtime.store.stages.get(apiId, '$default'))) {
      await this.stages.create(apiId, json({ stageName: '$default', autoDeploy: true }));
    }
    this.logger.log(`loaded ${manifest.name} (${manifest.functions.length} functions) as HTTP API ${apiId}`);
    return apiId;
  }

  private async importApi(manifest: LocalAppManifest, appDir: string): Promise<string> {
    const body = json({ body: readFileSync(manifest.openapiFile, 'utf8') });
    const known = this.readState()[appDir];
    if (known && (await this.runtime.store.apis.getById(known))) {
      await this.importer.reimportApi(known, body, {});
      return known;
    }
    const api = await this.importer.importApi(body, {});
    this.writeState({ ...this.readState(), [appDir]: api.apiId });
    return api.apiId;
  }

  /** Which API each local app folder became, so a restart re-imports into the same API (same id, same URLs). */
  private stateFile(): string {
    return join(this.runtime.config.dataDir, 'local-apps.json');
  }

  private readState(): Record<string, string> {
    const file = this.stateFile();
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  }

  private writeState(state: Record<string, string>): void {
    mkdirSync(dirname(this.stateFile()), { recursive: true });
    writeFileSync(this.stateFile(), JSON.stringify(state, null, 2));
  }
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
