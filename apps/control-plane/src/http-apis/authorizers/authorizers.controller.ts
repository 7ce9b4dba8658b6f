import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { ListQuery } from '../common/pagination';
import { AuthorizersService } from './authorizers.service';

@Controller('v2/apis/:apiId/authorizers')
export class AuthorizersController {
  constructor(private readonly authorizers: AuthorizersService) {}

  @Post() create(@Param('apiId') apiId: string, @Body() body: Buffer) { return this.authorizers.create(apiId, body); }
  @Get() list(@Param('apiId') apiId: string, @Query() query: ListQuery) { return this.authorizers.list(apiId, query); }
  @Get(':authorizerId') get(@Param('apiId') apiId: string, @Param('authorizerId') id: string) { return this.authorizers.get(apiId, id); }
  @Patch(':authorizerId') update(@Param('apiId') apiId: string, @Param('authorizerId') id: string, @Body() body: Buffer) { return this.authorizers.update(apiId, id, body); }
  @Delete(':authorizerId') @HttpCode(204) remove(@Param('apiId') apiId: string, @Param('authorizerId') id: string) { return this.authorizers.remove(apiId, id); }
}
