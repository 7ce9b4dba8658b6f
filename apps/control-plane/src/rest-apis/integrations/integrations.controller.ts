import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Put } from '@nestjs/common';
import { parseJsonBody } from '../shared/request-body';
import { IntegrationsService } from './integrations.service';

/** Integrations and integration responses: .../methods/{httpMethod}/integration[/responses/{statusCode}]. */
@Controller('restapis/:restApiId/resources/:resourceId/methods/:httpMethod/integration')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Put()
  @HttpCode(201)
  put(@Param('restApiId') a: string, @Param('resourceId') r: string, @Param('httpMethod') m: string, @Body() body: Buffer) {
    return this.integrations.put(a, r, m, parseJsonBody(body));
  }

  @Get()
  get(@Param('restApiId') a: string, @Param('resourceId') r: string, @Param('httpMethod') m: string) {
    return this.integrations.get(a, r, m);
  }

  @Patch()
  update(@Param('restApiId') a: string, @Param('resourceId') r: string, @Param('httpMethod') m: string, @Body() body: Buffer) {
    return this.integrations.update(a, r, m, parseJsonBody(body));
  }

  @Delete()
  @HttpCode(204)
  delete(@Param('restApiId') a: string, @Param('resourceId') r: string, @Param('httpMethod') m: string) {
    return this.integrations.delete(a, r, m);
  }

  @Put('responses/:statusCode')
  @HttpCode(201)
  putResponse(@Param() p: Params, @Body() body: Buffer) {
    return this.integrations.putResponse(p.restApiId, p.resourceId, p.httpMethod, p.statusCode, parseJsonBody(body));
  }

  @Get('responses/:statusCode')
  getResponse(@Param() p: Params) {
    return this.integrations.getResponse(p.restApiId, p.resourceId, p.httpMethod, p.statusCode);
  }

  @Patch('responses/:statusCode')
  updateResponse(@Param() p: Params, @Body() body: Buffer) {
    return this.integrations.updateResponse(p.restApiId, p.resourceId, p.httpMethod, p.statusCode, parseJsonBody(body));
  }

  @Delete('responses/:statusCode')
  @HttpCode(204)
  deleteResponse(@Param() p: Params) {
    return this.integrations.deleteResponse(p.restApiId, p.resourceId, p.httpMethod, p.statusCode);
  }
}

type Params = { restApiId: string; resourceId: string; httpMethod: string; statusCode: string };
