import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { parseJsonBody } from '../shared/request-body';
import { TagsService } from './tags.service';

@Controller('tags')
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  @Get(':resourceArn')
  get(@Param('resourceArn') arn: string) {
    return this.tags.get(arn);
  }

  @Put(':resourceArn')
  @HttpCode(204)
  tag(@Param('resourceArn') arn: string, @Body() body: Buffer) {
    return this.tags.tag(arn, parseJsonBody(body));
  }

  @Delete(':resourceArn')
  @HttpCode(204)
  untag(@Param('resourceArn') arn: string, @Query('tagKeys') tagKeys: unknown) {
    return this.tags.untag(arn, tagKeys);
  }
}
