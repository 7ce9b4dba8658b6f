import { Module } from '@nestjs/common';
import { StageActivationService } from './stage-activation.service';

@Module({ providers: [StageActivationService], exports: [StageActivationService] })
export class DeploymentsModule {}
