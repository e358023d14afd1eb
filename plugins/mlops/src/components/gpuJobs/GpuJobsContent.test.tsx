import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { GpuJobDetail, GpuJobsResponse } from '@internal/plugin-mlops-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { MlopsApi, mlopsApiRef } from '../../api/MlopsApi';
import { entity, unreachablePrometheus } from '../shared/fixtures';
import { gpuJob, gpuJobsAnswer, migJob, oomJob } from './fixtures';
import { GpuJobsCard } from './GpuJobsCard';
import { GpuJobsContent } from './GpuJobsContent';

const detail: GpuJobDetail = {
  job: oomJob,
  pods: [
    {
      name: 'fraud-model-training-run-oom-x2x9k',
      phase: 'Failed',
      node: 'east-gpu-a100-1',
      startedAt: '2026-11-29T12:00:05.000Z',
      restarts: 0,
      containers: [
        {
          name: 'trainer',
          state: 'terminated',
          reason: 'OOMKilled',
          exitCode: 137,
        },
      ],
      logsUrl:
        'https://logs.example.com/?pod=fraud-model-training-run-oom-x2x9k',
    },
  ],
  events: [
    {
      type: 'Warning',
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
      object: 'Job/fraud-model-training-run-oom',
      count: 1,
      lastSeen: '2026-11-29T12:01:00.000Z',
    },
  ],
  sources: [],
};

function render(
  element: JSX.Element,
  answer: () => Promise<GpuJobsResponse>,
  days: number[] = [],
) {
  const api: Partial<MlopsApi> = {
    getGpuJobs: async (_, d) => {
      days.push(d);
      return answer();
    },
    getGpuJob: async () => detail,
  };
  return renderInTestApp(
    <EntityProvider entity={entity}>{element}</EntityProvider>,
    {
      apis: [[mlopsApiRef, api]],
    },
  );
}

describe('GpuJobsContent', () => {
  it('lists running, idle, failed and deleted jobs with their figures', async () => {
    await render(<GpuJobsContent />, async () => gpuJobsAnswer());
    const table = await screen.findByRole('table', { name: 'GPU jobs' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(5);
    expect(rows[1]).toHaveTextContent('fraud-model-training-run-2');
    expect(rows[1]).toHaveTextContent('running');
    expect(rows[1]).toHaveTextContent('1 h 30 min');
    expect(rows[1]).toHaveTextContent('4NVIDIA-A100-SXM4-80GB');
    expect(rows[1]).toHaveTextContent('94 % · 296 / 320 GiB · 1524 W');
    expect(rows[2]).toHaveTextContent('running: idle GPUs');
    expect(rows[3]).toHaveTextContent('failed: OOMKilled');
    expect(rows[3]).toHaveTextContent('1 failed attempt');
    expect(rows[4]).toHaveTextContent('deleted from the cluster');
    // Its pod went unwatched: its GPU-hours are an estimate.
    expect(rows[4]).toHaveTextContent('≈ 0.00');
    expect(rows[1]).not.toHaveTextContent('≈');
    expect(screen.getByLabelText('GPU job totals')).toHaveTextContent(
      'Idle (< 5 % for 30 min)',
    );
    expect(screen.getByTestId('chart-gpu-hours')).toBeInTheDocument();
  });

  it('labels whole-GPU hours plainly', async () => {
    await render(<GpuJobsContent />, async () => gpuJobsAnswer());
    const table = await screen.findByRole('table', { name: 'GPU jobs' });
    const [header] = within(table).getAllByRole('row');
    expect(header).toHaveTextContent('GPU-hours');
    expect(header).not.toHaveTextContent('equiv.');
    expect(screen.getByLabelText('GPU job totals')).toHaveTextContent(
      '6GPUs in use',
    );
  });

  it('shows a job on a MIG slice as its slices and share of a GPU, its hours as GPU-equivalents', async () => {
    await render(<GpuJobsContent />, async () =>
      gpuJobsAnswer({
        jobs: [gpuJob(), migJob],
        totals: {
          running: 1,
          pending: 0,
          failed: 0,
          idle: 0,
          gpusInUse: 4 + 3 / 7,
          gpuHours: 6 + 6 / 7,
        },
      }),
    );
    const table = await screen.findByRole('table', { name: 'GPU jobs' });
    const [header, whole, mig] = within(table).getAllByRole('row');
    expect(header).toHaveTextContent('GPU-h (equiv.)');
    expect(whole).toHaveTextContent('4NVIDIA-A100-SXM4-80GB');
    expect(mig).toHaveTextContent(
      '1 × MIG 3g.40gb (0.43 GPU)NVIDIA-A100-SXM4-80GB',
    );
    expect(mig).toHaveTextContent(/0\.86$/);
    const totals = screen.getByLabelText('GPU job totals');
    expect(totals).toHaveTextContent('4.43GPUs in use (equiv.)');
    expect(totals).toHaveTextContent('6.86GPU-h (equiv.), 7 d');

    fireEvent.click(screen.getByText('fraud-model-tuning-mig'));
    expect(
      await screen.findByText(
        /1 × MIG 3g\.40gb \(0\.43 GPU\) of NVIDIA-A100-SXM4-80GB on east-mig-1/,
      ),
    ).toBeInTheDocument();
  });

  it("shows each job's kind, and a PyTorchJob's replicas", async () => {
    const pytorchJob = gpuJob({
      name: 'reco-ranker-training-ddp-nccl',
      namespace: 'recsys',
      uid: 'u-ptj',
      kind: 'PyTorchJob',
      replicas: [
        { type: 'Master', replicas: 1, active: 0, succeeded: 0, failed: 1 },
        { type: 'Worker', replicas: 2, active: 2, succeeded: 0, failed: 0 },
      ],
      state: 'failed',
      reason: 'PyTorchJobFailed',
      gpus: 3,
    });
    await render(<GpuJobsContent />, async () =>
      gpuJobsAnswer({ jobs: [gpuJob(), pytorchJob] }),
    );
    const table = await screen.findByRole('table', { name: 'GPU jobs' });
    const [, job, pytorch] = within(table).getAllByRole('row');
    expect(job).toHaveTextContent('sandbox-east / fraud-ml · Job');
    expect(pytorch).toHaveTextContent(
      'sandbox-east / recsys · PyTorchJobMaster 0/1 running, 1 failed · Worker 2/2 running',
    );
    expect(pytorch).toHaveTextContent('failed: PyTorchJobFailed');
  });

  it('says how many pods of a partly scheduled job run', async () => {
    const partly = {
      ...gpuJobsAnswer().jobs[0],
      reason: 'PartlyRunning',
      message:
        '4 of 8 pods running, 4 Unschedulable: 0/6 nodes are available: 6 Insufficient nvidia.com/gpu.',
    };
    await render(<GpuJobsContent />, async () =>
      gpuJobsAnswer({ jobs: [partly] }),
    );
    const table = await screen.findByRole('table', { name: 'GPU jobs' });
    const [, row] = within(table).getAllByRole('row');
    expect(row).toHaveTextContent('running: partly');
    expect(row).toHaveTextContent('4 of 8 pods running, 4 Unschedulable');
  });

  it("shows a queued job's place in Kueue and the queue's GPU quota against usage", async () => {
    const queued = {
      ...gpuJobsAnswer().jobs[0],
      name: 'sweep-2',
      state: 'pending' as const,
      reason: 'Suspended',
      queue: {
        workload: 'job-sweep-2-88f59',
        localQueue: 'training',
        clusterQueue: 'nlp-llm',
        admitted: false,
        position: 2,
        positionSource: 'visibility-api' as const,
        reason: 'Pending',
        message:
          "couldn't assign flavors to pod set main: insufficient unused quota for nvidia.com/gpu in flavor a100, 10 more needed",
      },
    };
    const queues = [
      {
        cluster: 'sandbox-east',
        namespace: 'nlp-llm',
        localQueue: 'training',
        clusterQueue: 'nlp-llm',
        cohort: 'gpu-training',
        pendingWorkloads: 2,
        admittedWorkloads: 1,
        quota: [
          {
            flavor: 'a100',
            resource: 'nvidia.com/gpu',
            nominal: 4,
            borrowingLimit: null,
            reserved: 6,
            used: 6,
            borrowed: 2,
          },
        ],
      },
    ];
    await render(<GpuJobsContent />, async () =>
      gpuJobsAnswer({ jobs: [queued], queues }),
    );
    const table = await screen.findByRole('table', { name: 'GPU jobs' });
    const [, row] = within(table).getAllByRole('row');
    expect(row).toHaveTextContent('Queued in training → nlp-llm, 2nd in line');
    expect(row).toHaveTextContent(
      'insufficient unused quota for nvidia.com/gpu',
    );
    const quota = screen.getByRole('table', { name: 'GPU queues' });
    const [, line] = within(quota).getAllByRole('row');
    expect(line).toHaveTextContent('training → nlp-llm (cohort gpu-training)');
    expect(line).toHaveTextContent('a1006 / 422 / 1');
  });

  it('opens a job with its pods, log links and events', async () => {
    await render(<GpuJobsContent />, async () => gpuJobsAnswer());
    fireEvent.click(await screen.findByText('fraud-model-training-run-oom'));
    const pods = await screen.findByRole('table', { name: 'Pods' });
    expect(pods).toHaveTextContent('trainer: OOMKilled (exit 137)');
    expect(within(pods).getByText('logs').closest('a')).toHaveAttribute(
      'href',
      'https://logs.example.com/?pod=fraud-model-training-run-oom-x2x9k',
    );
    expect(screen.getByRole('list', { name: 'Events' })).toHaveTextContent(
      'Warning BackoffLimitExceeded: Job has reached the specified backoff limit',
    );
  });

  it('asks for another period', async () => {
    const days: number[] = [];
    await render(<GpuJobsContent />, async () => gpuJobsAnswer(), days);
    fireEvent.click(await screen.findByRole('button', { name: '30 d' }));
    await screen.findByRole('table', { name: 'GPU jobs' });
    expect(days).toContain(30);
  });

  it('names the source that failed and keeps the rest', async () => {
    await render(<GpuJobsContent />, async () =>
      gpuJobsAnswer({
        sources: [unreachablePrometheus],
      }),
    );
    expect(
      await screen.findByText(
        'Warning: Partial data: no answer from Prometheus sandbox',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'GPU jobs' })).toBeInTheDocument();
  });
});

describe('GpuJobsContent of a team', () => {
  it('names the team and the jobs that several entities claim', async () => {
    const claimants = [
      'component:default/copycat',
      'component:default/fraud-model-training',
    ];
    await render(<GpuJobsContent />, async () =>
      gpuJobsAnswer({
        entityRef: 'group:default/fraud-ml',
        team: 'group:default/fraud-ml',
        jobs: [gpuJob({ claimants })],
      }),
    );
    expect(await screen.findByText(/Jobs of team fraud-ml ·/)).toBeVisible();
    expect(
      screen.getByText(
        'Job sandbox-east/fraud-ml/fraud-model-training-run-2 is claimed by component:default/copycat, component:default/fraud-model-training; it is attributed to component:default/fraud-model-training.',
      ),
    ).toBeInTheDocument();
  });
});

describe('GpuJobsContent of a team with Kueue queues', () => {
  it("shows the team's ClusterQueues with each flavor's quota, borrowing limit, reservation, usage and workloads", async () => {
    const quota = (flavor: string, nominal: number, used: number) => ({
      flavor,
      resource: 'nvidia.com/gpu',
      nominal,
      borrowingLimit: flavor === 'l4' ? 0 : null,
      reserved: used,
      used,
      borrowed: Math.max(0, used - nominal),
    });
    const summary = {
      cluster: 'sandbox-east',
      localQueue: 'training',
      clusterQueue: 'nlp-llm',
      cohort: 'gpu-training',
      quota: [quota('a100', 4, 6), quota('l4', 1, 0)],
    };
    await render(<GpuJobsContent />, async () =>
      gpuJobsAnswer({
        entityRef: 'group:default/nlp-llm',
        team: 'group:default/nlp-llm',
        queues: [
          {
            ...summary,
            namespace: 'nlp-llm',
            pendingWorkloads: 2,
            admittedWorkloads: 1,
          },
          {
            ...summary,
            namespace: 'nlp-llm-eval',
            pendingWorkloads: 1,
            admittedWorkloads: 0,
          },
        ],
      }),
    );
    const table = await screen.findByRole('table', { name: 'Team GPU quota' });
    expect(screen.queryByRole('table', { name: 'GPU queues' })).toBeNull();
    const [head, a100, l4] = within(table).getAllByRole('row');
    expect(head).toHaveTextContent(
      'ClusterQueueFlavorNominal quotaBorrowing limitReservedUsedBorrowedPending / admitted',
    );
    expect(a100).toHaveTextContent(
      'nlp-llm (cohort gpu-training)sandbox-east · from nlp-llm/training, nlp-llm-eval/training',
    );
    expect(a100).toHaveTextContent('a1004unlimited6623 / 1');
    expect(l4).toHaveTextContent('l4100003 / 1');
  });
});

describe('GpuJobsCard', () => {
  it('shows idle and failed jobs only', async () => {
    const days: number[] = [];
    await render(<GpuJobsCard />, async () => gpuJobsAnswer(), days);
    const list = await screen.findByRole('list', {
      name: 'Idle and failed GPU jobs',
    });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(list).toHaveTextContent('fraud-model-training-run-idle');
    expect(list).toHaveTextContent('failed: OOMKilled');
    expect(days).toEqual([1]);
  });

  it('says what an idle job on MIG slices holds', async () => {
    await render(<GpuJobsCard />, async () =>
      gpuJobsAnswer({
        jobs: [
          {
            ...migJob,
            state: 'running',
            idle: true,
            gpus: 2,
            gpuEquivalents: 2 / 7,
            migProfile: '1g.10gb',
          },
        ],
      }),
    );
    const list = await screen.findByRole('list', {
      name: 'Idle and failed GPU jobs',
    });
    expect(list).toHaveTextContent('2 × MIG 1g.10gb (0.29 GPU) for 2 h 0 min');
  });

  it('says when nothing needs attention', async () => {
    await render(<GpuJobsCard />, async () =>
      gpuJobsAnswer({ jobs: [gpuJobsAnswer().jobs[0]] }),
    );
    expect(
      await screen.findByText('No idle or failed GPU jobs in the last day.'),
    ).toBeInTheDocument();
  });
});
