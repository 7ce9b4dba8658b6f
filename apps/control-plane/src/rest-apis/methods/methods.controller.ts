import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Put } from '@nestjs/common';
import { parseJsonBody } from '../shared/request-body';
import { MethodsService } from './methods.service';

/** Methods and method responses: /restapis/{id}/resources/{rid}/methods/{httpMethod}[/responses/{statusCode}]. */
@Controller('restapis/:restApiId/resources/:resourceId/methods/:httpMethod')
export class MethodsController {
  constructor(private readonly methods: MethodsService) {}

  @Put()
  @HttpCode(201)
  put(@Param('restApiId') a: string, @Param('resourceId') r: string, @Param('httpMethod') m: string, @Body() body: Buffer) {
    return this.methods.put(a, r, m, parseJsonBody(body));
  }

  @Get()
  get(@Param('restApiId') a: string, @Param('resourceId') r: string, @Param('httpMethod') m: string) {
    return this.methods.get(a, r, m);
  }

  @Patch()
  update(@Param('restApiId') a: string, @Param('resourceId') r: string, @Param('httpMethod') m: string, @Body() body: Buffer) {
    return this.methods.update(a, r, m, parseJsonBody(body));
  }

  @Delete()
  @HttpCode(204)
  delete(@Param('restApiId') a: string, @Param('resourceId') r: string, @Param('httpMethod') m: string) {
    return this.methods.delete(a, r, m);
  }

  @Put('responses/:statusCode')
  @HttpCode(201)
  putResponse(@Param() p: Params, @Body() body: Buffer) {
    return this.methods.putResponse(p.restApiId, p.resourceId, p.httpMethod, p.statusCode, parseJsonBody(body));
  }

  @Get('responses/:statusCode')
  getResponse(@Param() p: Params) {
    return this.methods.getResponse(p.restApiId, p.resourceId, p.httpMethod, p.statusCode);
  }

  // AWS answers UpdateMethodResponse with 201.
  @Patch('responses/:statusCode')
  @HttpCode(201)
  updateResponse(@Param() p: Params, @Body() body: Buffer) {
    return this.methods.updateResponse(p.restApiId, p.resourceId, p.httpMethod, p.statusCode, parseJsonBody(body));
  }

  @Delete('responses/:statusCode')
  @HttpCode(204)
  deleteResponse(@Param() p: Params) {
    return this.methods.deleteResponse(p.restApiId, p.resourceId, p.httpMethod, p.statusCode);
  }
}

type Params = { restApiId: string; resourceId: string; httpMethod: string; statusCode: string };
