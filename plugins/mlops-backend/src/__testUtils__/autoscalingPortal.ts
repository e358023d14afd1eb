import { mockServices } from '@backstage/backend-test-utils';
import { EntityAutoscaling } from '@internal/plugin-mlops-common';
import request from 'supertest';
import { SCALING_HISTORY_TASK_ID } from '../autoscaling/setup';
import { Cluster, differences, kubectlHpas } from './kubectlHpas';
import {
  component,
  eventually,
  exampleModelServices,
  sandboxEnabled,
  switchScenario,
} from './sandbox';
import {
  capturedTask,
  SandboxPortal,
  sandboxPrometheus,
  startSandboxPortal,
  user,
} from './sandboxPortal';

export { user };

/*
 * The autoscaling suites against the sandbox (scripts/test.sh health): the
 * real HPA controller writes every status, condition and Event; the answers
 * are compared with `kubectl get hpa -o json` field by field. The lab HPAs
 * (sandbox/scripts/manifests/autoscaling-lab.yaml) add ContainerResource,
 * Object and External metrics, `behavior` and a KEDA HPA.
 */
export const fleet = sandboxEnabled ? exampleModelServices() : [];
const labEntity = component(
  'autoscaling-lab',
  {
    'backstage.io/kubernetes-id': 'autoscaling-lab',
    'backstage.io/kubernetes-namespace': 'autoscaling-lab',
  },
  'ml-platform',
);

/**
 * A portal over both clusters with the fleet and the lab for the enclosing
 * describe (scenario `healthy` before and after); its scaling-history
 * collector runs only when the test calls `collect`.
 */
export function useAutoscalingPortal() {
  // Scenarios take minutes to show in the metrics.
  jest.setTimeout(300_000);
  let portal: SandboxPortal | undefined;
  const server = () => portal!.server;
  const { scheduler, run: collect } = capturedTask(SCALING_HISTORY_TASK_ID);

  beforeAll(async () => {
    switchScenario('healthy');
    portal = await startSandboxPortal({
      features: [
        scheduler.factory,
        // Warnings (a cluster the collector could not read) show in the test's output.
        mockServices.rootLogger.factory({ level: 'warn' }),
      ],
      entities: [
        ...fleet,
        labEntity,
        component('wrong-token', {
          'backstage.io/kubernetes-id': 'fraud-scorer',
        }),
      ],
      config: {
        mlops: {
          prometheus: { instances: [sandboxPrometheus()] },
          serving: { kubernetesTimeout: '3s' },
          // Runs 0.5 s apart are allowed (half the interval), so the test's
          // own calls of `collect` each run; two at once still run once.
          autoscaling: { cacheTtl: '1s', history: { frequency: '1s' } },
        },
      },
    });
  });

  afterAll(async () => {
    await portal?.stop();
    switchScenario('healthy');
  });

  const autoscaling = async (name: string): Promise<EntityAutoscaling> => {
    const response = await request(server())
      .get(`/api/mlops/entities/component/default/${name}/autoscaling`)
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body.state).toBe('ok');
    return response.body;
  };

  /** Polls until the portal and kubectl agree on every HPA (the controller rewrites status every 5 s). */
  async function expectMatchesKubectl(
    name: string,
    where: Cluster,
    namespace: string,
  ) {
    const seen = await eventually(
      `${name} matching kubectl get hpa -o json`,
      async () => {
        const body = await autoscaling(name);
        const listed = kubectlHpas(where, namespace);
        const diffs = listed.flatMap(k => {
          const view = body.hpas.find(h => h.name === k.metadata.name);
          return view
            ? differences(view, k).map(d => `${k.metadata.name} ${d}`)
            : [`${k.metadata.name} missing`];
        });
        if (body.hpas.length !== listed.length)
          diffs.push(`${body.hpas.length} HPAs != ${listed.length}`);
        return { body, diffs };
      },
      r => r.diffs.length === 0,
      60_000,
    );
    return seen.body;
  }

  return { scheduler, collect, autoscaling, expectMatchesKubectl };
}
