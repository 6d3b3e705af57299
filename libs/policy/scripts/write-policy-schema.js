// Writes config/policies/policy.schema.json from libs/policy/src/policy-json-schema.ts (run `npm run policy:schema`).
const fs = require('node:fs');
const path = require('node:path');
const { POLICY_JSON_SCHEMA } = require('../../../dist/libs/policy/src/policy-json-schema.js');
const out = path.resolve(__dirname, '../../../config/policies/policy.schema.json');
fs.writeFileSync(out, JSON.stringify(POLICY_JSON_SCHEMA, null, 2) + '\n');
console.log(`wrote ${out}`);
