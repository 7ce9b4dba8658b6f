import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { parseJsonBody } from '../rest-apis/shared/request-body';
import { UsagePlansService } from './usage-plans.service';

/** CreateUsagePlan, GetUsagePlan(s), UpdateUsagePlan, DeleteUsagePlan. */
@Controller('usageplans')
export class UsagePlansController {
  constructor(private readonly plans: UsagePlansService) {}

  @Post()
  @HttpCode(201)
  create(@Body() body: Buffer) {
    return this.plans.create(parseJsonBody(body));
  }

  @Get()
  list(@Query() query: { position?: string; limit?: string; keyId?: string }) {
    return this.plans.list(query);
  }

  @Get(':usagePlanId')
  get(@Param('usagePlanId') id: string) {
    return this.plans.get(id);
  }

  @Patch(':usagePlanId')
  update(@Param('usagePlanId') id: string, @Body() body: Buffer) {
    return this.plans.update(id, parseJsonBody(body));
  }

  @Delete(':usagePlanId')
  @HttpCode(202)
  delete(@Param('usagePlanId') id: string) {
    return this.plans.delete(id);
  }
}
