import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { parseJsonBody } from '../shared/request-body';
import { DeploymentsService } from './deployments.service';

@Controller('restapis/:restApiId/deployments')
export class DeploymentsController {
  constructor(private readonly deployments: DeploymentsService) {}

  @Post()
  @HttpCode(201)
  create(@Param('restApiId') apiId: string, @Body() body: Buffer) {
    return this.deployments.create(apiId, parseJsonBody(body));
  }

  @Get()
  list(@Param('restApiId') apiId: string, @Query() query: { position?: string; limit?: string }) {
    return this.deployments.list(apiId, query);
  }

  @Get(':deploymentId')
  get(@Param('restApiId') apiId: string, @Param('deploymentId') id: string, @Query('embed') embed: unknown) {
    return this.deployments.get(apiId, id, embed);
  }

  @Delete(':deploymentId')
  @HttpCode(202)
  delete(@Param('restApiId') apiId: string, @Param('deploymentId') id: string) {
    return this.deployments.delete(apiId, id);
  }
}
