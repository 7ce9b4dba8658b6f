/** AWS API Gateway limits and defaults (doc_source/limits.md); one place so every stage enforces the same numbers. */
export const AWS_LIMITS = {
  /** REST: 50..29,000 ms, default 29,000. */
  restIntegrationTimeoutMs: { min: 50, max: 29_000, default: 29_000 },
  /** HTTP APIs: 50..30,000 ms, default 30,000. */
  httpIntegrationTimeoutMs: { min: 50, max: 30_000, default: 30_000 },
  websocketIntegrationTimeoutMs: { min: 50, max: 29_000, default: 29_000 },
  payloadBytes: 10 * 1024 * 1024,
  requestLineAndHeadersBytes: 10_240,
  websocketFrameBytes: 32 * 1024,
  websocketMessageBytes: 128 * 1024,
  websocketIdleMs: 10 * 60 * 1000,
  websocketConnectionMs: 2 * 60 * 60 * 1000,
  accountThrottle: { rateLimit: 10_000, burstLimit: 5_000 },
  authorizerTimeoutMs: 10_000,
  authorizerResultBytes: 8 * 1024,
  authorizerCacheTtlSeconds: { default: 300, max: 3_600 },
  jwksTimeoutMs: 1_500,
  lambdaResponseBytes: 6 * 1024 * 1024,
} as const;
