import type { MappingInput } from '../vtl/mapping-template';

/**
 * Mapping template examples from the AWS API Gateway developer guide (doc_source/), with the inputs and outputs the
 * guide documents. `compare: 'json'` compares parsed JSON (the guide pretty-prints its outputs); 'text' is exact.
 */
export interface DocExample {
  name: string;
  /** The guide page the template, input and output come from. */
  doc: string;
  template: string;
  input: Partial<MappingInput>;
  expected: { text?: string; json?: unknown; status?: number; requestHeaders?: Record<string, string> };
  /** Set when we knowingly differ from the guide; docs/vtl-differences.md explains it. */
  knownDifference?: { why: string; ourText: string };
}

const pets = [
  { id: 1, type: 'dog', price: 249.99 },
  { id: 2, type: 'cat', price: 124.99 },
  { id: 3, type: 'fish', price: 0.99 },
];

const photosOriginal = {
  photos: {
    page: 1,
    pages: '1234',
    perpage: 100,
    total: '123398',
    photo: [
      { id: '12345678901', owner: '23456789@A12', secret: 'abc123d456', server: '1234', farm: 1, title: 'Sample photo 1', ispublic: 1, isfriend: 0, isfamily: 0 },
      { id: '23456789012', owner: '34567890@B23', secret: 'bcd234e567', server: '2345', farm: 2, title: 'Sample photo 2', ispublic: 1, isfriend: 0, isfamily: 0 },
    ],
  },
};

export const DOC_EXAMPLES: DocExample[] = [
  {
    name: '$context variable template example',
    doc: 'api-gateway-mapping-template-reference.md#context-variables-template-example',
    template: `{
    "stage" : "$context.stage",
    "request_id" : "$context.requestId",
    "api_id" : "$context.apiId",
    "resource_path" : "$context.resourcePath",
    "resource_id" : "$context.resourceId",
    "http_method" : "$context.httpMethod",
    "source_ip" : "$context.identity.sourceIp",
    "user-agent" : "$context.identity.userAgent",
    "account_id" : "$context.identity.accountId",
    "api_key" : "$context.identity.apiKey",
    "caller" : "$context.identity.caller",
    "user" : "$context.identity.user",
    "user_arn" : "$context.identity.userArn"
}`,
    input: {
      context: {
        stage: 'prod',
        requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
        apiId: 'a1b2c3',
        resourcePath: '/pets',
        resourceId: 'r1',
        httpMethod: 'GET',
        identity: { sourceIp: '203.0.113.1', userAgent: 'curl/8', accountId: null, apiKey: 'key-1', caller: null, user: null, userArn: null },
      },
    },
    expected: {
      json: {
        stage: 'prod',
        request_id: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
        api_id: 'a1b2c3',
        resource_path: '/pets',
        resource_id: 'r1',
        http_method: 'GET',
        source_ip: '203.0.113.1',
        'user-agent': 'curl/8',
        account_id: '',
        api_key: 'key-1',
        caller: '',
        user: '',
        user_arn: '',
      },
    },
  },
  {
    name: '$input.params() passes all parameters through',
    doc: 'api-gateway-mapping-template-reference.md#context-example-param-map-template',
    template: `#set($allParams = $input.params())
{
  "params" : {
    #foreach($type in $allParams.keySet())
    #set($params = $allParams.get($type))
    "$type" : {
      #foreach($paramName in $params.keySet())
      "$paramName" : "$util.escapeJavaScript($params.get($paramName))"
      #if($foreach.hasNext),#end
      #end
    }
    #if($foreach.hasNext),#end
    #end
  }
}`,
    input: {
      params: { path: { path_name: 'path_value' }, querystring: { querystring_name: 'querystring_value' }, header: { header_name: 'header_value' } },
    },
    expected: {
      json: {
        params: {
          path: { path_name: 'path_value' },
          header: { header_name: 'header_value' },
          querystring: { querystring_name: 'querystring_value' },
        },
      },
    },
  },
  {
    name: 'Request and response using $input (things)',
    doc: 'api-gateway-mapping-template-reference.md#input-example-request-and-response',
    template: `{
    "id" : "$input.params('id')",
    "count" : "$input.path('$.things').size()",
    "things" : $util.escapeJavaScript($input.json('$.things'))
}`,
    input: { params: { path: { id: 'abc' }, querystring: {}, header: {} }, body: '{"things":{"1":{},"2":{},"3":{}}}' },
    expected: { json: { id: 'abc', count: '3', things: { '1': {}, '2': {}, '3': {} } } },
    knownDifference: {
      why:
        'escapeJavaScript (Apache Commons Lang, as AWS uses) escapes the double quotes of the JSON it is given, so the ' +
        'rendered payload is not the JSON the guide shows; the guide shows what its backend echoed after unescaping.',
      ourText: '{\n    "id" : "abc",\n    "count" : "3",\n    "things" : {\\"1\\":{},\\"2\\":{},\\"3\\":{}}\n}',
    },
  },
  {
    name: 'JSON mapping template using $input: name from the query string, body from the payload',
    doc: 'api-gateway-mapping-template-reference.md#input-example-json-mapping-template',
    template: `{
    "name" : "$input.params('name')",
    "body" : $input.json('$.mykey')
}`,
    input: { params: { path: {}, querystring: { name: 'Ann' }, header: {} }, body: '{"mykey": {"a": [1, "x"]}}' },
    expected: { json: { name: 'Ann', body: { a: [1, 'x'] } } },
  },
  {
    name: "$input.path('$.pets').count() returns 3",
    doc: 'api-gateway-mapping-template-reference.md#input-variable-reference',
    template: `$input.path('$.pets').count()`,
    input: { body: JSON.stringify({ pets }) },
    expected: { text: '3' },
  },
  {
    name: '$util.parseJson of a stringified errorMessage',
    doc: 'api-gateway-mapping-template-reference.md#util-template-reference',
    template: `#set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))
{
   "errorMessageObjKey2ArrVal" : $errorMessageObj.key2.arr[0]
}
`,
    input: { body: '{"errorMessage":"{\\"key1\\":\\"var1\\",\\"key2\\":{\\"arr\\":[1,2,3]}}"}' },
    expected: { json: { errorMessageObjKey2ArrVal: 1 } },
  },
  {
    name: '$util.escapeJavaScript with escaped single quotes turned back for JSON',
    doc: 'api-gateway-mapping-template-reference.md#util-template-reference',
    template: `#set($data = $input.path('$.text')){"text": "$util.escapeJavaScript($data).replaceAll("\\\\'","'")"}`,
    input: { body: JSON.stringify({ text: `it's "quoted"` }) },
    expected: { json: { text: `it's "quoted"` } },
  },
  {
    name: 'Mapping template example: pets to descriptions',
    doc: 'models-mappings.md (Mapping template example)',
    template: `#set($inputRoot = $input.path('$'))
[
#foreach($elem in $inputRoot)
  {
    "description" : "Item $elem.id is a $elem.type.",
    "askingPrice" : $elem.price
  }#if($foreach.hasNext),#end

#end
]`,
    input: { body: JSON.stringify(pets) },
    expected: {
      json: [
        { description: 'Item 1 is a dog.', askingPrice: 249.99 },
        { description: 'Item 2 is a cat.', askingPrice: 124.99 },
        { description: 'Item 3 is a fish.', askingPrice: 0.99 },
      ],
    },
  },
  {
    name: 'Photos example: input mapping template',
    doc: 'example-photos.md#example-photos-input-mapping',
    template: `#set($inputRoot = $input.path('$'))
{
  "photos": {
    "page": $inputRoot.photos.page,
    "pages": "$inputRoot.photos.pages",
    "perpage": $inputRoot.photos.perpage,
    "total": "$inputRoot.photos.total",
    "photo": [
#foreach($elem in $inputRoot.photos.photo)
      {
        "id": "$elem.id",
        "owner": "$elem.owner",
        "secret": "$elem.secret",
        "server": "$elem.server",
        "farm": $elem.farm,
        "title": "$elem.title",
        "ispublic": $elem.ispublic,
        "isfriend": $elem.isfriend,
        "isfamily": $elem.isfamily
      }#if($foreach.hasNext),#end
\t\t\t
#end
    ]
  }
}`,
    input: { body: JSON.stringify(photosOriginal) },
    expected: { json: photosOriginal },
  },
  {
    name: 'Photos example: output mapping template gives the transformed data',
    doc: 'example-photos.md#example-photos-output-mapping',
    template: `#set($inputRoot = $input.path('$'))
{
  "photos": [
#foreach($elem in $inputRoot.photos.photo)
    {
      "id": "$elem.id",
      "owner": "$elem.owner",
      "title": "$elem.title",
      "ispublic": $elem.ispublic,
      "isfriend": $elem.isfriend,
      "isfamily": $elem.isfamily
    }#if($foreach.hasNext),#end
\t\t
#end
  ]
}`,
    input: { body: JSON.stringify(photosOriginal) },
    expected: {
      json: {
        photos: [
          { id: '12345678901', owner: '23456789@A12', title: 'Sample photo 1', ispublic: 1, isfriend: 0, isfamily: 0 },
          { id: '23456789012', owner: '34567890@B23', title: 'Sample photo 2', ispublic: 1, isfriend: 0, isfamily: 0 },
        ],
      },
    },
  },
  {
    name: 'Override the response status code when the body contains "error"',
    doc: 'apigateway-override-request-response-parameters.md#apigateway-override-request-response-parameters-override-response',
    template: `#set($inputRoot = $input.path('$'))
$input.json("$")
#if($inputRoot.toString().contains("error"))
#set($context.responseOverride.status = 400)
#end`,
    input: { body: JSON.stringify({ errors: [{ key: 'GetPetRequest.petId', message: 'The value is out of range.' }] }) },
    expected: { json: { errors: [{ key: 'GetPetRequest.petId', message: 'The value is out of range.' }] }, status: 400 },
  },
  {
    name: 'Override request headers with a concatenation of two others',
    doc: 'apigateway-override-request-response-parameters.md#apigateway-override-request-response-parameters-override-request',
    template: `#set($header1Override = "foo")
#set($header3Value = "$input.params('header1')$input.params('header2')")
$input.json("$")
#set($context.requestOverride.header.header3 = $header3Value)
#set($context.requestOverride.header.header1 = $header1Override)`,
    input: { params: { path: {}, querystring: {}, header: { header1: 'header1Val', header2: 'header2Val' } }, body: '' },
    expected: { json: {}, requestHeaders: { header3: 'header1Valheader2Val', header1: 'foo' } },
  },
];
