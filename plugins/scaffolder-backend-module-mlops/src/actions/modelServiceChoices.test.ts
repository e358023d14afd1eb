import { findChoiceProblems, ModelServiceChoices } from './modelServiceChoices';

const valid: ModelServiceChoices = {
  minReplicas: 2,
  maxReplicas: 6,
  ciProvider: 'github-actions',
  repoHost: 'github.com',
  repoHostType: 'github',
  compute: 'cpu',
};

describe('findChoiceProblems', () => {
  it.each<[string, Partial<ModelServiceChoices>]>([
    ['the defaults', {}],
    ['min equal to max', { minReplicas: 3, maxReplicas: 3 }],
    [
      'GitLab CI on a GitLab host',
      {
        ciProvider: 'gitlab-ci',
        repoHost: 'gitlab.example.com',
        repoHostType: 'gitlab',
      },
    ],
    [
      'a GPU with type and count',
      { compute: 'gpu', gpuType: 'L4', gpuCount: 2 },
    ],
    ['GPU fields left over on CPU', { gpuType: 'L4', gpuCount: 0 }],
  ])('accepts %s', (_, change) => {
    expect(findChoiceProblems({ ...valid, ...change })).toEqual([]);
  });

  it.each<[string, Partial<ModelServiceChoices>, string]>([
    [
      'max below min',
      { minReplicas: 5, maxReplicas: 3 },
      'maxReplicas (3) must be greater than or equal to minReplicas (5)',
    ],
    [
      'GitLab CI on GitHub',
      { ciProvider: 'gitlab-ci' },
      'gitlab-ci needs a GitLab repository, but github.com is a github host',
    ],
    [
      'GitHub Actions on GitLab',
      { repoHost: 'gitlab.com', repoHostType: 'gitlab' },
      'github-actions needs a GitHub repository, but gitlab.com is a gitlab host',
    ],
    [
      'a host without integration',
      { repoHost: 'git.example.com', repoHostType: undefined },
      'github-actions needs a GitHub repository, but git.example.com is not a configured host',
    ],
    [
      'a GPU without type',
      { compute: 'gpu', gpuCount: 1 },
      'compute gpu needs a GPU type (gpuType)',
    ],
    [
      'a GPU with count 0',
      { compute: 'gpu', gpuType: 'L4', gpuCount: 0 },
      'compute gpu needs at least one GPU per replica, got gpuCount 0',
    ],
    [
      'a GPU without count',
      { compute: 'gpu', gpuType: 'L4' },
      'compute gpu needs at least one GPU per replica, got gpuCount unset',
    ],
  ])('refuses %s', (_, change, message) => {
    expect(findChoiceProblems({ ...valid, ...change })).toEqual([message]);
  });

  it('reports every problem at once', () => {
    expect(
      findChoiceProblems({
        ...valid,
        minReplicas: 4,
        maxReplicas: 1,
        ciProvider: 'gitlab-ci',
        compute: 'gpu',
      }),
    ).toHaveLength(4);
  });
});
