import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { UsagePlanKeysController } from './usage-plan-keys.controller';
import { UsagePlanKeysService } from './usage-plan-keys.service';
import { UsagePlansController } from './usage-plans.controller';
import { UsagePlansService } from './usage-plans.service';
import { UsageController } from './usage.controller';
import { UsageService } from './usage.service';

/** The `apigateway` usage plans, their keys and usage (`/usageplans`); brings the API keys feature with it. */
@Module({
  imports: [ApiKeysModule],
  controllers: [UsagePlansController, UsagePlanKeysController, UsageController],
  providers: [UsagePlansService, UsagePlanKeysService, UsageService],
  // TagResource on usage-plan and API-key ARNs (rest-apis/tags) saves through these services.
  exports: [UsagePlansService, ApiKeysModule],
})
export class UsagePlansModule {}
