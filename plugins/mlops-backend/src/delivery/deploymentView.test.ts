import { fixtures } from './__fixtures__';
import { deploymentView, plainDeployments } from './deploymentView';

describe('a Deployment rolled out by Kubernetes', () => {
  it('lists its ReplicaSets newest first, the current revision stable', () => {
    const { deployments, replicaSets } = fixtures.deploymentOnly();
    const view = deploymentView('east', deployments[0], replicaSets);
    expect(view).toMatchObject({
      cluster: 'east',
      namespace: 'fraud-ml',
      name: 'fraud-scorer',
    });
    expect(
      view.revisions.map(r => [
        r.revision,
        r.role,
        r.podTemplateHash,
        r.modelVersion,
        r.readyReplicas,
        r.slo,
      ]),
    ).toEqual([
      ['3', 'stable', '5c8c4f4f49', '7', 2, null],
      ['2', 'old', '6b9d7c5d8f', '6', 0, null],
    ]);
  });

  it('is left out when a Rollout takes its pod template from it', () => {
    const canary = fixtures.canaryInProgress();
    expect(plainDeployments(canary.deployments, canary.rollouts)).toEqual([]);
    const inline = fixtures.canaryWithoutAnalysis();
    const plain = fixtures.deploymentOnly();
    expect(plainDeployments(plain.deployments, inline.rollouts)).toEqual(
      plain.deployments,
    );
  });
});
