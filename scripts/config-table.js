#!/usr/bin/env node
// Prints the README's configuration table from libs/config/src/env.schema.ts (run after `npm run build`).
'use strict';
const { ENV_SCHEMA } = require('../dist/libs/config/src/env.schema');
const rows = Object.entries(ENV_SCHEMA).map(([name, spec]) => {
  const def = spec.default !== undefined ? `\`${spec.default}\`` : spec.requiredIn ? `required in ${spec.requiredIn.join(', ')}` : '—';
  return `| \`${name}\` | ${def} | ${spec.doc.replace(/\|/g, '\\|')} |`;
});
console.log(['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n'));
