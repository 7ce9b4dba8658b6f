import { Module } from '@nestjs/common';
import { AccessChanges } from './access-changes';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';

/** The `apigateway` API keys resource (`/apikeys`). */
@Module({
  controllers: [ApiKeysController],
  providers: [ApiKeysService, AccessChanges],
  exports: [ApiKeysService, AccessChanges],
})
export class ApiKeysModule {}
