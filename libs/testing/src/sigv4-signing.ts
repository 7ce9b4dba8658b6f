import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * The headers of a request to `url` signed with Signature Version 4 for `execute-api` (an AWS_IAM route), made by
 * the AWS SDK's own signer: what a client calling an IAM-protected API sends.
 */
export async function sigV4Headers(
  url: URL,
  credentials: SigV4Credentials,
  { method = 'GET', body, region = 'us-east-1' }: { method?: string; body?: string; region?: string } = {},
): Promise<Record<string, string>> {
  const signer = new SignatureV4({ credentials, region, service: 'execute-api', sha256: Sha256 });
  const signed = await signer.sign(
    new HttpRequest({ method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host }, body }),
  );
  return signed.headers;
}
