'use strict';

// State lives as long as the warm worker, like a warm Lambda container: restart or edit the file to reset it.
const pets = [
  { id: '1', name: 'Rex', type: 'dog' },
  { id: '2', name: 'Tom', type: 'cat' },
];

const json = (statusCode, body) => ({ statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

exports.handler = async (event) => {
  switch (event.routeKey) {
    case 'GET /pets':
      return json(200, pets);
    case 'GET /pets/{petId}': {
      const pet = pets.find((p) => p.id === event.pathParameters.petId);
      return pet ? json(200, pet) : json(404, { message: 'pet not found' });
    }
    case 'POST /pets': {
      let input;
      try {
        input = JSON.parse(event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString() : event.body || '');
      } catch {
        return json(400, { message: 'body must be JSON' });
      }
      if (!input || typeof input.name !== 'string') return json(400, { message: 'name is required' });
      const pet = { id: String(pets.length + 1), name: input.name, type: input.type || 'unknown' };
      pets.push(pet);
      return json(201, pet);
    }
    default:
      return json(404, { message: `no handler for ${event.routeKey}` });
  }
};
