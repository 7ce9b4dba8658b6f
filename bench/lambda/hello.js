'use strict';
// The hello-world Lambda handler of the benchmark: zipped and deployed to the gateway, and required directly by
// direct-handler.js as the in-process reference. VARIANT lets a cold-start probe see which configuration answered.
exports.handler = async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ hello: 'world', variant: process.env.VARIANT || null }),
});
