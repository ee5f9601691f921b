// Lint Cypher statements with Neo4j's own parser and semantic analysis
// (@neo4j-cypher/language-support, lintCypherQuery).
//
// Input on stdin: JSON {"statements": {name: statement, ...}, "schema": DbSchema} (schema optional:
// labels, relationshipTypes, propertyKeys; given, undeclared ones are reported as warnings).
// Output on stdout: JSON object {name: [{severity, message, line, column}], ...}
// severity is "error" or "warning". The caller decides which diagnostics are acceptable
// (Knooppunt accepts only "Parameter $x is not defined.": parameters are bound at run time).
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const statements = input.statements ?? {};
const dbSchema = input.schema ?? {};

const out = {};
for (const [name, query] of Object.entries(statements)) {
  // No procedure or function catalogue is declared: calls are checked for syntax only.
  const { diagnostics } = lintCypherQuery(query, dbSchema, { consoleCommandsEnabled: false });
  out[name] = diagnostics.map((d) => ({
    severity: d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : String(d.severity),
    message: d.message,
    line: d.range?.start?.line,
    column: d.range?.start?.character,
  }));
}
process.stdout.write(JSON.stringify(out, null, 1));
