'use strict';

// Payload format 2.0: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
exports.handler = async (event, context) => {
  const name = (event.queryStringParameters && event.queryStringParameters.name) || 'world';
  console.log(`greeting ${name}`);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      message: `${process.env.GREETING}, ${name}!`,
      path: event.rawPath,
      requestId: context.awsRequestId,
    }),
  };
};
