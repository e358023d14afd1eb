import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  createTemplateAction,
  parseRepoUrl,
} from '@backstage/plugin-scaffolder-node';
import { CI_PROVIDER_SCM, findChoiceProblems } from './modelServiceChoices';

/**
 * `mlops:model-service:validate`: refuses parameter combinations of the
 * model-service template that JSON schema cannot compare (replicas, the
 * repository host against the CI provider, GPU type and count). It writes
 * nothing and runs in dry-runs too, so it belongs first in the steps.
 *
 * @public
 */
export function createValidateModelServiceAction(options: {
  integrations: ScmIntegrationRegistry;
}) {
  const ciProviders = Object.keys(CI_PROVIDER_SCM) as [
    keyof typeof CI_PROVIDER_SCM,
  ];
  return createTemplateAction({
    id: 'mlops:model-service:validate',
    description:
      'Checks that the parameters of a model service agree with each other; fails with every problem found, before anything is written.',
    supportsDryRun: true,
    schema: {
      input: {
        minReplicas: z => z.number().int(),
        maxReplicas: z => z.number().int(),
        ciProvider: z => z.enum(ciProviders),
        repoUrl: z =>
          z.string().describe('The RepoUrlPicker value, host?owner=..&repo=..'),
        compute: z => z.enum(['cpu', 'gpu']),
        gpuType: z => z.string().optional(),
        gpuCount: z => z.number().int().optional(),
      },
    },
    async handler(ctx) {
      const { repoUrl, ...choices } = ctx.input;
      const { host } = parseRepoUrl(repoUrl, options.integrations);
      const problems = findChoiceProblems({
        ...choices,
        repoHost: host,
        repoHostType: options.integrations.byHost(host)?.type,
      });
      if (problems.length > 0) {
        throw new InputError(`Invalid model service: ${problems.join('; ')}`);
      }
      ctx.logger.info('The model service parameters agree with each other');
    },
  });
}
