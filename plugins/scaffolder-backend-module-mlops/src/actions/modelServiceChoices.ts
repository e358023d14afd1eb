/** CI providers the model-service template offers, with the SCM each needs. */
export const CI_PROVIDER_SCM = {
  'github-actions': { type: 'github', title: 'GitHub' },
  'gitlab-ci': { type: 'gitlab', title: 'GitLab' },
} as const;

export type CiProvider = keyof typeof CI_PROVIDER_SCM;

/** The parameters of a model service that must agree with each other. */
export type ModelServiceChoices = {
  minReplicas: number;
  maxReplicas: number;
  ciProvider: CiProvider;
  repoHost: string;
  /** The integration type configured for `repoHost`, if any. */
  repoHostType?: string;
  compute: 'cpu' | 'gpu';
  gpuType?: string;
  gpuCount?: number;
};

/**
 * Checks that JSON schema cannot express across fields; returns one message
 * per problem, empty when the choices agree.
 */
export function findChoiceProblems(choices: ModelServiceChoices): string[] {
  const problems: string[] = [];
  const { minReplicas, maxReplicas, ciProvider, repoHost, repoHostType } =
    choices;

  if (maxReplicas < minReplicas) {
    problems.push(
      `maxReplicas (${maxReplicas}) must be greater than or equal to minReplicas (${minReplicas})`,
    );
  }

  const scm = CI_PROVIDER_SCM[ciProvider];
  if (repoHostType !== scm.type) {
    problems.push(
      `${ciProvider} needs a ${scm.title} repository, but ${repoHost} is ${
        repoHostType ? `a ${repoHostType} host` : 'not a configured host'
      }`,
    );
  }

  if (choices.compute === 'gpu') {
    if (!choices.gpuType) {
      problems.push('compute gpu needs a GPU type (gpuType)');
    }
    if (!choices.gpuCount || choices.gpuCount < 1) {
      problems.push(
        `compute gpu needs at least one GPU per replica, got gpuCount ${
          choices.gpuCount ?? 'unset'
        }`,
      );
    }
  }
  return problems;
}
