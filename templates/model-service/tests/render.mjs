// Render the model-service template locally, the way the Scaffolder does.
//
//   node templates/model-service/tests/render.mjs PARAMS.json OUT_DIR
//
// Runs the installed Scaffolder's own workflow runner (NunjucksWorkflowRunner)
// over template.yaml's steps with the real built-in actions (fetch:template,
// fs:delete, fs:readdir). publish:* and catalog:register are replaced by
// stand-ins: the publish stand-in copies the workspace to OUT_DIR. Parameters
// are first validated against the template's parameter schemas, as the
// backend does on task creation. Needs Node 22 (nunjitsu's engine range).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const templateDir = path.resolve(here, '..');
const repoRoot = path.resolve(templateDir, '../..');
const require = createRequire(path.join(repoRoot, 'package.json'));

const yaml = require('yaml');
const jsonschema = require('jsonschema');
const { ConfigReader } = require('@backstage/config');
const { ScmIntegrations } = require('@backstage/integration');
const scaffolder = require('@backstage/plugin-scaffolder-backend');
const { createTemplateAction } = require('@backstage/plugin-scaffolder-node');
const { NunjucksWorkflowRunner } = require(require
  .resolve('@backstage/plugin-scaffolder-backend')
  .replace(
    /index\.cjs\.js$/,
    'scaffolder/tasks/NunjucksWorkflowRunner.cjs.js',
  ));

const [paramsFile, outDir] = process.argv.slice(2);
if (!paramsFile || !outDir) {
  console.error('usage: render.mjs PARAMS.json OUT_DIR');
  process.exit(2);
}
const parameters = JSON.parse(fs.readFileSync(paramsFile, 'utf8'));
const template = yaml.parse(
  fs.readFileSync(path.join(templateDir, 'template.yaml'), 'utf8'),
);

for (const page of template.spec.parameters) {
  const result = jsonschema.validate(parameters, page);
  if (!result.valid) {
    console.error(
      `invalid parameters (${page.title}): ${result.errors.join('; ')}`,
    );
    process.exit(1);
  }
}

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [{ host: 'github.com' }],
      gitlab: [{ host: 'gitlab.com' }],
    },
  }),
);

const publishStandIn = id =>
  createTemplateAction({
    id,
    async handler(ctx) {
      const { host, owner, repo } = parseRepoUrl(ctx.input.repoUrl);
      fs.rmSync(outDir, { recursive: true, force: true });
      fs.cpSync(ctx.workspacePath, outDir, { recursive: true });
      ctx.output('remoteUrl', `https://${host}/${owner}/${repo}`);
      ctx.output(
        'repoContentsUrl',
        `https://${host}/${owner}/${repo}/${
          host === 'github.com' ? 'blob' : '-/blob'
        }/main`,
      );
    },
  });
const actions = [
  scaffolder.createFetchTemplateAction({ integrations, reader: {} }),
  scaffolder.createFilesystemDeleteAction(),
  scaffolder.createFilesystemReadDirAction(),
  publishStandIn('publish:github'),
  publishStandIn('publish:gitlab'),
  createTemplateAction({
    id: 'catalog:register',
    async handler(ctx) {
      if (!ctx.input.repoContentsUrl) throw new Error('no repoContentsUrl');
      ctx.output('entityRef', `component:default/${parameters.name}`);
    },
  }),
];

function parseRepoUrl(repoUrl) {
  const url = new URL(`https://${repoUrl}`);
  return {
    host: url.host,
    owner: url.searchParams.get('owner'),
    repo: url.searchParams.get('repo'),
  };
}

const quiet = {
  info() {},
  warn() {},
  debug() {},
  error: m => console.error(m),
};
quiet.child = () => quiet;
const noMetric = { add() {}, record() {} };
const runner = new NunjucksWorkflowRunner({
  actionRegistry: {
    async get(id) {
      const action = actions.find(a => a.id === id);
      if (!action) throw new Error(`action ${id} is not available here`);
      return action;
    },
    async list() {
      return actions;
    },
  },
  integrations,
  // scaffolder.defaultEnvironment.parameters, as app-config would set them.
  config: new ConfigReader(
    process.env.PORTAL_BASE_URL
      ? {
          scaffolder: {
            defaultEnvironment: {
              parameters: { portalBaseUrl: process.env.PORTAL_BASE_URL },
            },
          },
        }
      : {},
  ),
  workingDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'model-service-')),
  logger: quiet,
  metrics: { createCounter: () => noMetric, createHistogram: () => noMetric },
});

const log = [];
const task = {
  taskId: 'local',
  isDryRun: false,
  secrets: {},
  cancelSignal: new AbortController().signal,
  spec: {
    apiVersion: template.apiVersion,
    steps: template.spec.steps,
    output: template.spec.output,
    parameters,
    user: { ref: 'user:default/guest' },
    templateInfo: {
      entityRef: 'template:default/model-service',
      baseUrl: `file://${path.join(templateDir, 'template.yaml')}`,
    },
  },
  async getWorkspaceName() {
    return `task-${process.pid}`;
  },
  async emitLog(message, meta) {
    log.push(`${meta?.stepId ?? '-'}: ${message}`);
  },
  async getInitiatorCredentials() {
    return {
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'user', userEntityRef: 'user:default/guest' },
    };
  },
};

try {
  const { output } = await runner.execute(task);
  for (const line of log.filter(l =>
    /Skipping step|Running step each/.test(l),
  )) {
    console.log(line);
  }
  console.log(`output: ${JSON.stringify(output)}`);
} catch (error) {
  console.error(`template failed: ${error.message}`);
  process.exit(1);
}
