/** An access key pair an AWS SDK client signs with. */
export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Settings for an official AWS SDK v3 client (APIGatewayClient, ApiGatewayV2Client, LambdaClient). */
export interface SdkClientConfig {
  endpoint: string;
  region: string;
  credentials: AccessKey;
}

/**
 * What an SDK client needs to manage the control plane at `endpoint`, signing with `credentials`. The region is
 * us-east-1 because that is the region the control plane writes into every ARN it hands out.
 */
export function sdkClientConfig(endpoint: string, credentials: AccessKey): SdkClientConfig {
  return { endpoint, region: 'us-east-1', credentials };
}
