import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { EXAMPLE_DOCS_DIR, renderExampleDocs } from './exampleDocs';

const repoRoot = resolve(__dirname, '..', '..', '..');

describe('examples/ml-org/services', () => {
  it('holds exactly what the template renders for the example services', async () => {
    const expected = await renderExampleDocs(repoRoot);
    const dir = join(repoRoot, EXAMPLE_DOCS_DIR);
    const committed = (
      await readdir(dir, { recursive: true, withFileTypes: true })
    )
      .filter(e => e.isFile())
      .map(e => relative(repoRoot, join(e.parentPath, e.name)))
      .sort();
    expect(committed).toEqual([...expected.keys()].sort());
    for (const [path, content] of expected) {
      // On a difference, run: yarn workspace @internal/mlops-sandbox example-docs
      expect({
        path,
        content: await readFile(join(repoRoot, path), 'utf8'),
      }).toEqual({
        path,
        content,
      });
    }
    expect(
      expected.has(
        join(
          EXAMPLE_DOCS_DIR,
          'fraud-scorer',
          'docs/runbooks/model-service-high-error-rate.md',
        ),
      ),
    ).toBe(true);
  });
});
