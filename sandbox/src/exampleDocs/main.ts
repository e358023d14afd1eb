/* Writes examples/ml-org/services/ afresh: `yarn workspace @internal/mlops-sandbox example-docs`. */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { EXAMPLE_DOCS_DIR, renderExampleDocs } from './exampleDocs';

async function main() {
  const repoRoot = resolve(__dirname, '..', '..', '..');
  const files = await renderExampleDocs(repoRoot);
  await rm(join(repoRoot, EXAMPLE_DOCS_DIR), { recursive: true, force: true });
  for (const [path, content] of files) {
    await mkdir(dirname(join(repoRoot, path)), { recursive: true });
    await writeFile(join(repoRoot, path), content);
  }
  process.stdout.write(`wrote ${files.size} files under ${EXAMPLE_DOCS_DIR}\n`);
}

main().catch(error => {
  process.stderr.write(`${error}\n`);
  process.exit(1);
});
