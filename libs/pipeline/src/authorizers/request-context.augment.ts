import type { CallerIdentity } from './authorizer-context';

declare module '../context/request-context' {
  interface RequestContext {
    /**
     * Set on AWS_IAM routes once the SigV4 signature verified: the access key and the identity AWS reports for it
     * (`requestContext.identity.accessKey/user/userArn/caller/accountId` in payload 1.0, `$context.identity.*`).
     * HTTP payload 2.0 gets it as `requestContext.authorizer.iam` through `ctx.authorizer`.
     */
    callerIdentity?: CallerIdentity;
  }
}

export {};
