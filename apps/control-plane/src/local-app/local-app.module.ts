import { Module } from '@nestjs/common';
import { FunctionsModule } from '../functions/functions.module';
import { HttpApisModule } from '../http-apis/http-apis.module';
import { LocalAppLoader } from './local-app.loader';

/** Local mode only: loads LOCAL_APP_DIR at start. */
@Module({ imports: [FunctionsModule, HttpApisModule], providers: [LocalAppLoader] })
export class LocalAppModule {}
