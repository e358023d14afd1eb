/*
 * The TechDocs the model-service template generates (skeleton/mkdocs.yml and
 * skeleton/docs/), rendered for each model service of the example catalog
 * with the values the sandbox deploys it with. They live in
 * examples/ml-org/services/<name>/, so every example service has the
 * runbooks its alerts link to; exampleDocs.test.ts keeps them equal to
 * what the template renders.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  renderTemplateFile,
  TEMPLATE_DIR,
  templateDefaults,
  templateValues,
} from '../simulator/chart';
import { loadFleet } from '../simulator/fleet';
import { parse, stringify } from 'yaml';

export const EXAMPLE_DOCS_DIR = join('examples', 'ml-org', 'services');
/** The base URL the sandbox's alert rules link runbooks under. */
const PORTAL_BASE_URL = 'http://localhost:3000';
const NJK = '.njk';
/**
 * TechDocs' generator rewrites mkdocs.yml before each build (its keys in
 * this order, without comments); written that way, a build in place leaves
 * the file as committed.
 */
const MKDOCS_KEY_ORDER = [
  'site_name',
  'site_description',
  'docs_dir',
  'nav',
  'theme',
  'plugins',
];

function asTechDocsWritesIt(mkdocsYml: string): string {
  const config = parse(mkdocsYml) as Record<string, unknown>;
  const unknown = Object.keys(config).filter(
    k => !MKDOCS_KEY_ORDER.includes(k),
  );
  if (unknown.length > 0) {
    throw new Error(
      `mkdocs.yml: add ${unknown.join(', ')} to MKDOCS_KEY_ORDER`,
    );
  }
  const ordered = MKDOCS_KEY_ORDER.filter(k => k in config).map(k => [
    k,
    config[k],
  ]);
  return stringify(Object.fromEntries(ordered), { lineWidth: 0 });
}

/** Files of options not chosen, as the template's `prune` step removes them. */
const GPU_ONLY = ['docs/runbooks/model-service-gpu-idle.md'];
const VLLM_ONLY = [
  'docs/runbooks/model-service-ttft-slo-burn.md',
  'docs/runbooks/model-service-tpot-slo-burn.md',
  'docs/runbooks/model-service-kv-cache-saturated.md',
  'docs/runbooks/model-service-queue-growing.md',
];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter(e => e.isFile())
    .map(e => join(e.parentPath, e.name))
    .sort();
}

/** Path below the repository root → content, for every example service. */
export async function renderExampleDocs(
  repoRoot: string,
): Promise<Map<string, string>> {
  const skeleton = join(repoRoot, TEMPLATE_DIR, 'skeleton');
  const defaults = templateDefaults(
    await readFile(join(repoRoot, TEMPLATE_DIR, 'template.yaml'), 'utf8'),
  );
  const sources = [
    join(skeleton, `mkdocs.yml${NJK}`),
    ...(await filesUnder(join(skeleton, 'docs'))),
  ];
  const { services } = await loadFleet({ kind: 'example' }, repoRoot);
  const out = new Map<string, string>();
  for (const svc of services) {
    const values = templateValues(svc, defaults, PORTAL_BASE_URL);
    for (const source of sources) {
      const path = relative(skeleton, source).replace(/\.njk$/, '');
      if (
        (values.compute !== 'gpu' && GPU_ONLY.includes(path)) ||
        (values.framework !== 'vllm' && VLLM_ONLY.includes(path))
      ) {
        continue;
      }
      const text = await readFile(source, 'utf8');
      const rendered = source.endsWith(NJK)
        ? renderTemplateFile(text, values)
        : text;
      out.set(
        join(EXAMPLE_DOCS_DIR, svc.name, path),
        path === 'mkdocs.yml' ? asTechDocsWritesIt(rendered) : rendered,
      );
    }
  }
  return out;
}
