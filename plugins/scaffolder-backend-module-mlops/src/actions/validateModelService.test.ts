import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createValidateModelServiceAction } from './validateModelService';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      gitlab: [
        {
          host: 'gitlab.example.com',
          apiBaseUrl: 'https://gitlab.example.com/api/v4',
        },
      ],
    },
  }),
);
const action = createValidateModelServiceAction({ integrations });

const run = (input: Record<string, unknown>) =>
  action.handler(
    createMockActionContext({
      input: {
        minReplicas: 2,
        maxReplicas: 6,
        ciProvider: 'github-actions',
        repoUrl: 'github.com?owner=example-ml&repo=fraud-scorer',
        compute: 'cpu',
        ...input,
      },
    }),
  );

describe('mlops:model-service:validate', () => {
  it('is available in dry-runs', () => {
    expect(action.id).toBe('mlops:model-service:validate');
    expect(action.supportsDryRun).toBe(true);
  });

  it('passes parameters that agree', async () => {
    await expect(run({})).resolves.toBeUndefined();
    await expect(
      run({
        ciProvider: 'gitlab-ci',
        repoUrl: 'gitlab.example.com?owner=ml%2Ffraud&repo=scorer',
        compute: 'gpu',
        gpuType: 'NVIDIA-L4',
        gpuCount: 1,
      }),
    ).resolves.toBeUndefined();
  });

  it('fails with an InputError naming every problem', async () => {
    const failure = run({
      minReplicas: 5,
      maxReplicas: 3,
      ciProvider: 'gitlab-ci',
      compute: 'gpu',
      gpuType: 'NVIDIA-L4',
      gpuCount: 0,
    });
    await expect(failure).rejects.toMatchObject({
      name: 'InputError',
      message:
        'Invalid model service: maxReplicas (3) must be greater than or equal to minReplicas (5); ' +
        'gitlab-ci needs a GitLab repository, but github.com is a github host; ' +
        'compute gpu needs at least one GPU per replica, got gpuCount 0',
    });
  });

  it('refuses a repository host without integration', async () => {
    await expect(
      run({ repoUrl: 'git.example.com?owner=a&repo=b' }),
    ).rejects.toThrow(
      'No matching integration configuration for host git.example.com',
    );
  });
});
