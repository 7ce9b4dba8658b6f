import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import type { ListQuery } from '../common/pagination';
import { HttpDeploymentsService } from './deployments.service';

@Controller('v2/apis/:apiId/deployments')
export class HttpDeploymentsController {
  constructor(private readonly deployments: HttpDeploymentsService) {}

  @Post() create(@Param('apiId') apiId: string, @Body() body: Buffer) { return this.deployments.create(apiId, body); }
  @Get() list(@Param('apiId') apiId: string, @Query() query: ListQuery) { return this.deployments.list(apiId, query); }
  @Get(':deploymentId') get(@Param('apiId') apiId: string, @Param('deploymentId') id: string) { return this.deployments.get(apiId, id); }
  @Delete(':deploymentId') @HttpCode(204) remove(@Param('apiId') apiId: string, @Param('deploymentId') id: string) { return this.deployments.remove(apiId, id); }
}
