import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Put, Query } from '@nestjs/common';
import { parseJsonBody } from '../shared/request-body';
import { GatewayResponsesService } from './gateway-responses.service';

@Controller('restapis/:restApiId/gatewayresponses')
export class GatewayResponsesController {
  constructor(private readonly responses: GatewayResponsesService) {}

  @Put(':responseType')
  @HttpCode(201)
  put(@Param('restApiId') apiId: string, @Param('responseType') type: string, @Body() body: Buffer) {
    return this.responses.put(apiId, type, parseJsonBody(body));
  }

  @Get()
  list(@Param('restApiId') apiId: string, @Query() query: { position?: string; limit?: string }) {
    return this.responses.list(apiId, query);
  }

  @Get(':responseType')
  get(@Param('restApiId') apiId: string, @Param('responseType') type: string) {
    return this.responses.get(apiId, type);
  }

  @Patch(':responseType')
  update(@Param('restApiId') apiId: string, @Param('responseType') type: string, @Body() body: Buffer) {
    return this.responses.update(apiId, type, parseJsonBody(body));
  }

  @Delete(':responseType')
  @HttpCode(202)
  delete(@Param('restApiId') apiId: string, @Param('responseType') type: string) {
    return this.responses.delete(apiId, type);
  }
}
