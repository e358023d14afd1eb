// Runs the model-service template through a backend's scaffolder dry-run
// API (POST /api/scaffolder/v2/dry-run) and writes the repository it
// returns to OUT_DIR.
//
//   MLOPS_SCAFFOLDER_URL=http://127.0.0.1:PORT MLOPS_SCAFFOLDER_TOKEN=... \
//     node templates/model-service/tests/dry-run.mjs PARAMS.json OUT_DIR
//
// The request carries template.yaml, the parameters and the skeleton; the
// backend validates the parameters against the template's schemas, runs the
// steps with its installed actions (publish:* and catalog:register are
// skipped in dry-runs) and answers with the workspace. When the backend
// refuses, the status and its messages are printed, nothing is written and
// the exit code is 1. Needs Node 22 (global fetch).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const templateDir = path.resolve(here, '..');
const require = createRequire(path.resolve(templateDir, '../../package.json'));
const yaml = require('yaml');

const [paramsFile, outDir] = process.argv.slice(2);
const { MLOPS_SCAFFOLDER_URL: baseUrl, MLOPS_SCAFFOLDER_TOKEN: token } =
  process.env;
if (!paramsFile || !outDir || !baseUrl || !token) {
  console.error(
    'usage: MLOPS_SCAFFOLDER_URL=... MLOPS_SCAFFOLDER_TOKEN=... dry-run.mjs PARAMS.json OUT_DIR',
  );
  process.exit(2);
}

function skeletonFiles(dir, prefix = 'skeleton') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    const relative = `${prefix}/${entry.name}`;
    return entry.isDirectory()
      ? skeletonFiles(full, relative)
      : [
          {
            path: relative,
            base64Content: fs.readFileSync(full).toString('base64'),
          },
        ];
  });
}

const started = performance.now();
const response = await fetch(`${baseUrl}/api/scaffolder/v2/dry-run`, {
  method: 'POST',
  headers: {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
  },
  body: JSON.stringify({
    template: yaml.parse(
      fs.readFileSync(path.join(templateDir, 'template.yaml'), 'utf8'),
    ),
    values: JSON.parse(fs.readFileSync(paramsFile, 'utf8')),
    directoryContents: skeletonFiles(path.join(templateDir, 'skeleton')),
  }),
  signal: AbortSignal.timeout(120_000),
});
const seconds = ((performance.now() - started) / 1000).toFixed(2);
const body = await response.json();

if (!response.ok) {
  // Parameter schema failures come as { errors: [...] }, failed steps as
  // Backstage's error body { error: { name, message } }.
  const messages = body.errors
    ? body.errors.map(e => e.stack)
    : [`${body.error?.name}: ${body.error?.message}`];
  console.error(`refused with HTTP ${response.status} in ${seconds} s`);
  for (const message of messages) console.error(`  ${message}`);
  process.exit(1);
}

for (const file of body.directoryContents) {
  const target = path.join(outDir, file.path);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, Buffer.from(file.base64Content, 'base64'), {
    mode: file.executable ? 0o755 : 0o644,
  });
}
const skipped = body.log
  .map(entry => entry.body)
  .filter(entry => /^Skipping/.test(entry.message))
  .map(entry => entry.stepId);
console.log(
  `${
    body.directoryContents.length
  } files in ${seconds} s; steps skipped: ${skipped.join(', ')}`,
);
console.log(`output: ${JSON.stringify(body.output)}`);
