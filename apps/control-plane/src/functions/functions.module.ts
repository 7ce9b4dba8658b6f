import { Module } from '@nestjs/common';
import { FunctionsController } from './functions.controller';
import { FunctionsService } from './functions.service';
import { InvokeController } from './invoke.controller';

/** The Lambda function API subset and the function registry. */
@Module({ controllers: [FunctionsController, InvokeController], providers: [FunctionsService], exports: [FunctionsService] })
export class FunctionsModule {}
