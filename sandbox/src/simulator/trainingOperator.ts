import type { TrainingPipeline } from './fleet';
import { canonical } from './kedaOperator';
import { KubeApiError, KubeClient } from './kubeClient';
import { collectionPath, objectPath } from './kubePaths';
import type { SimulatorLogger } from './log';
import {
  desiredPyTorchRuns,
  JOB_NAME_LABEL,
  operatorPods,
  PyTorchJob,
  pytorchJobManifest,
  PyTorchRun,
} from './pytorchJobs';
import { isFinished, pytorchJobStatus } from './pytorchJobStatus';
import type { ClusterSnapshot } from './snapshot';

/**
 * Stands in for Kubeflow's Training Operator in the GPU cluster, which runs
 * none: creates the pipelines' PyTorchJobs once, then every tick makes the
 * pods the operator would (until the job finishes) and writes the job's
 * status through the status subresource when it changed. kube-scheduler
 * and KWOK run the pods; the failing run's pods get their status from the
 * simulator, as the failing training Jobs' do.
 */
export class TrainingOperatorStandIn {
  private readonly created = new Set<string>();

  constructor(
    private readonly o: {
      client: KubeClient;
      pipelines: readonly TrainingPipeline[];
      log: SimulatorLogger;
    },
  ) {}

  /** Returns whether it created pods, which want a follow-up soon. */
  async sync(snapshot: ClusterSnapshot, signal: AbortSignal): Promise<boolean> {
    let createdPods = false;
    for (const run of desiredPyTorchRuns(this.o.pipelines)) {
      const key = `${this.o.client.cluster}:pytorchjob:${run.name}`;
      try {
        createdPods =
          (await this.syncOne(run, snapshot, signal)) || createdPods;
        this.o.log.clear(key);
      } catch (error) {
        if (signal.aborted) throw error;
        // The PyTorchJob CRD missing or the namespace not there yet: retried next tick.
        this.o.log.once(
          key,
          `${this.o.client.cluster}: PyTorchJob ${run.pipeline.namespace}/${
            run.name
          } not reconciled: ${(error as Error).message}`,
        );
      }
    }
    return createdPods;
  }

  private async syncOne(
    run: PyTorchRun,
    snapshot: ClusterSnapshot,
    signal: AbortSignal,
  ): Promise<boolean> {
    const { client, log } = this.o;
    const namespace = run.pipeline.namespace;
    const opts = { signal };
    if (!this.created.has(run.name)) {
      await client.apply(pytorchJobManifest(run), opts);
      this.created.add(run.name);
    }
    const job = await client.request<PyTorchJob>(
      'GET',
      objectPath('PyTorchJob', run.name, namespace),
      opts,
    );
    const pods = snapshot.pods.filter(
      p =>
        p.metadata.namespace === namespace &&
        p.metadata.labels?.[JOB_NAME_LABEL] === run.name,
    );
    let createdPods = false;
    if (!isFinished(job)) {
      const existing = new Set(pods.map(p => p.metadata.name));
      for (const pod of operatorPods(job)) {
        if (existing.has(pod.metadata!.name!)) continue;
        try {
          await client.request('POST', collectionPath('Pod', namespace), {
            ...opts,
            body: pod,
          });
          createdPods = true;
          log.info(
            `${client.cluster}: PyTorchJob ${namespace}/${run.name}: pod ${
              pod.metadata!.name
            } created (${run.outcome})`,
          );
        } catch (error) {
          // Created since the snapshot was read.
          if (!(error instanceof KubeApiError && error.status === 409)) {
            throw error;
          }
        }
      }
    }
    const status = pytorchJobStatus(job, pods, new Date().toISOString());
    if (canonical(job.status ?? {}) !== canonical(status)) {
      // The whole status (a merge patch would keep counts that fell to zero).
      await client.patch(
        objectPath('PyTorchJob', run.name, namespace, 'status'),
        [{ op: 'add', path: '/status', value: status }],
        'json',
        opts,
      );
    }
    return createdPods;
  }
}
