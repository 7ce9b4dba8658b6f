import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { parseJsonBody } from '../rest-apis/shared/request-body';
import { UsagePlanKeysService } from './usage-plan-keys.service';
import { UsageService } from './usage.service';

/** CreateUsagePlanKey, GetUsagePlanKey(s), DeleteUsagePlanKey, and UpdateUsage (`.../keys/{keyId}/usage`). */
@Controller('usageplans/:usagePlanId/keys')
export class UsagePlanKeysController {
  constructor(
    private readonly planKeys: UsagePlanKeysService,
    private readonly usage: UsageService,
  ) {}

  @Post()
  @HttpCode(201)
  create(@Param('usagePlanId') planId: string, @Body() body: Buffer) {
    return this.planKeys.create(planId, parseJsonBody(body));
  }

  @Get()
  list(@Param('usagePlanId') planId: string, @Query() query: Record<string, string | undefined>) {
    return this.planKeys.list(planId, query);
  }

  @Get(':keyId')
  get(@Param('usagePlanId') planId: string, @Param('keyId') keyId: string) {
    return this.planKeys.get(planId, keyId);
  }

  @Delete(':keyId')
  @HttpCode(202)
  delete(@Param('usagePlanId') planId: string, @Param('keyId') keyId: string) {
    return this.planKeys.delete(planId, keyId);
  }

  @Patch(':keyId/usage')
  updateUsage(@Param('usagePlanId') planId: string, @Param('keyId') keyId: string, @Body() body: Buffer) {
    return this.usage.update(planId, keyId, parseJsonBody(body));
  }
}
