import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { parseJsonBody } from '../shared/request-body';
import { AuthorizersService } from './authorizers.service';

@Controller('restapis/:restApiId/authorizers')
export class AuthorizersController {
  constructor(private readonly authorizers: AuthorizersService) {}

  @Post()
  @HttpCode(201)
  create(@Param('restApiId') apiId: string, @Body() body: Buffer) {
    return this.authorizers.create(apiId, parseJsonBody(body));
  }

  @Get()
  list(@Param('restApiId') apiId: string, @Query() query: { position?: string; limit?: string }) {
    return this.authorizers.list(apiId, query);
  }

  @Get(':authorizerId')
  get(@Param('restApiId') apiId: string, @Param('authorizerId') id: string) {
    return this.authorizers.get(apiId, id);
  }

  @Patch(':authorizerId')
  update(@Param('restApiId') apiId: string, @Param('authorizerId') id: string, @Body() body: Buffer) {
    return this.authorizers.update(apiId, id, parseJsonBody(body));
  }

  @Delete(':authorizerId')
  @HttpCode(202)
  delete(@Param('restApiId') apiId: string, @Param('authorizerId') id: string) {
    return this.authorizers.delete(apiId, id);
  }
}
