import type { DeploymentEntity } from '@app/store';
import { AUTO_DEPLOY_DESCRIPTION } from '../common/auto-deploy.service';

export interface DeploymentView {
  deploymentId: string;
  createdDate: string;
  description?: string;
  deploymentStatus: 'DEPLOYED';
  autoDeployed: boolean;
}

/** Deployments are frozen when created, so every stored one is DEPLOYED. */
export function toDeploymentView(entity: DeploymentEntity): DeploymentView {
  return {
    deploymentId: entity.id,
    createdDate: entity.createdAt,
    ...(entity.description ? { description: entity.description } : {}),
    deploymentStatus: 'DEPLOYED',
    autoDeployed: entity.description === AUTO_DEPLOY_DESCRIPTION,
  };
}
