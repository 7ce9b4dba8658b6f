import { Controller, Get, Param, Query } from '@nestjs/common';
import { UsageService } from './usage.service';

/** GetUsage: `GET /usageplans/{usagePlanId}/usage?startDate&endDate&keyId&position&limit`. */
@Controller('usageplans/:usagePlanId/usage')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get()
  get(@Param('usagePlanId') planId: string, @Query() query: Record<string, string | undefined>) {
    return this.usage.get(planId, query);
  }
}
