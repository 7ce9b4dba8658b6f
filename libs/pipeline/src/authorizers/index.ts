export * from './authorizers.plugin';
export * from './authorizer-context';
export * from './authorizer-request';
export * from './iam-authentication';
export * from './resource-policy';
export * from './refusal.response';
export * from './cognito-key-sets';
export * from './cognito-user-pool.authorizer';
