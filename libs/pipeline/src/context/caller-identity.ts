/** The SigV4-authenticated caller of an AWS_IAM route, as AWS reports an IAM principal. */
export interface CallerIdentity {
  accessKey: string;
  accountId: string;
  /** Our callers are access keys, not IAM users: the key id stands in for the user id. */
  userId: string;
  userArn: string;
}
