import { APIRequestContext, APIResponse, expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../e2e/productionBackend';
import { migrationsPerDatabase, recordedHistory } from './database';
import {
  createGpuJob,
  createGpuWatchLab,
  deleteGpuWatchLab,
  labPods,
  recordedPods,
  replicasWatching,
  watchHolder,
} from './gpuWatch';
import {
  Replica,
  killReplica,
  logLines,
  startReplica,
  stopReplica,
} from './replica';

/*
 * Several backend replicas on one PostgreSQL (docs/replicas.md): two, then
 * three, started at the same moment. Migrations run once, every replica
 * serves the catalog, every /api/mlops route and a scaffolder dry-run, each
 * collector runs once per interval across them, one watches GPU jobs, and
 * kill -9 of the replica running a collector or the watch loses nothing
 * recorded while the others keep serving.
 */

const auth = { Authorization: `Bearer ${process.env.MLOPS_REPLICAS_TOKEN}` };
const FREQUENCY_S = 6; // deploy/tests/app-config.replicas.yaml
const TASKS = {
  'mlops-scaling-history': 'Scaling history: ',
  'mlops-gpu-jobs-history': 'GPU jobs re-listed: ',
} as const;
type TaskId = keyof typeof TASKS;
const service = 'component/default/fraud-scorer';
const trainer = 'component/default/fraud-model-training';
const mlopsRoutes = [
  `/api/mlops/entities/${service}/serving-health`,
  `/api/mlops/entities/${service}/serving-timeseries?range=1h`,
  `/api/mlops/entities/${service}/autoscaling`,
  `/api/mlops/entities/${service}/alerts`,
  `/api/mlops/entities/${trainer}/gpu-jobs`,
];
const repoRoot = path.resolve(__dirname, '..', '..');

const isAlive = (r: Replica) =>
  r.child.exitCode === null && r.child.signalCode === null;

async function waitUntilReady(request: APIRequestContext, replica: Replica) {
  await expect
    .poll(
      async () => {
        if (replica.child.exitCode !== null) {
          throw new Error(`${replica.name} exited; log: ${replica.logFile}`);
        }
        const r = await request
          .get(`${replica.baseUrl}/.backstage/health/v1/readiness`)
          .catch(() => undefined);
        return r?.status();
      },
      { timeout: 240_000, intervals: [1000] },
    )
    .toBe(200);
}

async function expectServes(request: APIRequestContext, replica: Replica) {
  // A fresh catalog reads the example files within a minute or so.
  await expect
    .poll(
      async () =>
        (
          await request
            .get(`${replica.baseUrl}/api/catalog/entities/by-name/${service}`, {
              headers: auth,
            })
            // A reset connection (a loaded machine) is one more poll, not a failure.
            .catch(() => undefined)
        )?.status(),
      { message: `${replica.name} catalog`, timeout: 120_000 },
    )
    .toBe(200);
  for (const route of mlopsRoutes) {
    const r = await request.get(`${replica.baseUrl}${route}`, {
      headers: auth,
    });
    expect(r.status(), `${replica.name} ${route}`).toBe(200);
  }
  const jobs = await (
    await request.get(`${replica.baseUrl}${mlopsRoutes[4]}`, { headers: auth })
  ).json();
  const job = jobs.jobs?.[0];
  if (job) {
    const detail = `${mlopsRoutes[4]}/${job.cluster}/${job.namespace}/${job.name}`;
    const r = await request.get(`${replica.baseUrl}${detail}`, {
      headers: auth,
    });
    expect(r.status(), `${replica.name} ${detail}`).toBe(200);
  }
}

function expectDryRun(replica: Replica) {
  const run = spawnSync(
    process.execPath,
    [
      path.join(repoRoot, 'templates/model-service/tests/dry-run.mjs'),
      path.join(
        repoRoot,
        'templates/model-service/tests/params/cpu-sklearn-github.json',
      ),
      path.join(
        process.env.MLOPS_REPLICAS_WORK_DIR!,
        `dry-run-${replica.name}`,
      ),
    ],
    {
      env: {
        ...process.env,
        MLOPS_SCAFFOLDER_URL: replica.baseUrl,
        MLOPS_SCAFFOLDER_TOKEN: process.env.MLOPS_REPLICAS_TOKEN,
      },
      encoding: 'utf8',
    },
  );
  expect(run.status, `${replica.name} dry-run: ${run.stderr}`).toBe(0);
}

/** Every collector run that ended in [from, to], by task and when it started, from every replica's log. */
function runsBetween(replicas: Replica[], from: number, to: number) {
  const runs: Record<TaskId, Array<{ at: number; replica: string }>> = {
    'mlops-scaling-history': [],
    'mlops-gpu-jobs-history': [],
  };
  for (const replica of replicas) {
    for (const line of logLines(replica)) {
      // A run logs when it ends; its start is what the claims keep apart.
      const took = /, in (\d+) ms$/.exec(String(line.message));
      const at = line.at - (took ? Number(took[1]) : 0);
      if (!(line.at >= from && line.at <= to)) continue;
      for (const [task, prefix] of Object.entries(TASKS)) {
        if (String(line.message).startsWith(prefix)) {
          runs[task as TaskId].push({ at, replica: replica.name });
        }
      }
    }
  }
  for (const list of Object.values(runs)) list.sort((a, b) => a.at - b.at);
  return runs;
}

/** Counts the runs of a window: once per interval, never twice close together. */
async function expectOncePerInterval(replicas: Replica[], seconds: number) {
  const from = Date.now();
  await new Promise(resolve => setTimeout(resolve, seconds * 1000));
  const runs = runsBetween(replicas, from, Date.now());
  for (const [task, list] of Object.entries(runs)) {
    const gaps = list.slice(1).map((r, i) => (r.at - list[i].at) / 1000);
    test.info().annotations.push({
      type: `${task} with ${replicas.length} replicas`,
      description: `${list.length} runs in ${seconds} s (${list
        .map(r => r.replica)
        .join(' ')}); gaps ${gaps.map(g => g.toFixed(1)).join(' ')} s`,
    });
    // The scheduler starts a run on the interval, seen within its 5 s poll.
    expect(list.length, task).toBeGreaterThanOrEqual(
      Math.floor(seconds / (FREQUENCY_S + 5)),
    );
    expect(list.length, task).toBeLessThanOrEqual(
      Math.ceil(seconds / FREQUENCY_S) + 1,
    );
    // Claims keep starts half an interval apart; the run starts just after its claim.
    for (const gap of gaps) {
      expect(gap, task).toBeGreaterThan(FREQUENCY_S / 2 - 0.5);
    }
  }
}

/** Watches the replicas' scheduler until one of them is running a collector. */
async function replicaMidRun(
  request: APIRequestContext,
  replicas: Replica[],
): Promise<{ replica: Replica; task: string }> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    for (const replica of replicas) {
      const r = await request
        .get(`${replica.baseUrl}/api/mlops/.backstage/scheduler/v1/tasks`, {
          headers: auth,
        })
        .catch(() => undefined);
      if (!r?.ok()) continue;
      const { tasks } = await r.json();
      const running = tasks.find(
        (t: { taskId: string; workerState?: { status: string } }) =>
          t.taskId in TASKS && t.workerState?.status === 'running',
      );
      if (running) return { replica, task: running.taskId };
    }
  }
  throw new Error('no replica was seen running a collector within 60 s');
}

/**
 * Requests per second on a cached route (serving health, cacheTtl 15 s):
 * CALLS calls 8 at a time to the first replica alone, then the same
 * number spread over both, with bench/lib/load.mjs. A figure, not a check.
 */
function cachedRouteRps(replicas: Replica[]) {
  const CALLS = 400;
  const url = (r: Replica) => `${r.baseUrl}${mlopsRoutes[0]}`;
  const load = (urls: string[]) => {
    const run = spawnSync(
      process.execPath,
      [
        path.join(repoRoot, 'bench/lib/load.mjs'),
        '--concurrency',
        '8',
        '--token',
        process.env.MLOPS_REPLICAS_TOKEN!,
        ...urls,
      ],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(summary.non200).toBe(0);
    return Math.round((summary.calls / summary.wallMs) * 1000);
  };
  const [first, second] = replicas;
  load([url(first), url(second)]); // both caches warm
  const one = load(Array.from({ length: CALLS }, () => url(first)));
  const two = load(
    Array.from({ length: CALLS }, (_, i) => url(i % 2 ? second : first)),
  );
  return {
    oneReplicaRps: one,
    twoReplicasRps: two,
    ratio: +(two / one).toFixed(2),
  };
}

test('several replicas on one PostgreSQL', async ({ request }) => {
  const replicas: Replica[] = [];
  try {
    await test.step('two replicas started at the same moment', async () => {
      const ports = [await freePort(), await freePort()];
      replicas.push(
        ...ports.map((port, i) => startReplica(`replica-${i + 1}`, port)),
      );
      await Promise.all(replicas.map(r => waitUntilReady(request, r)));
    });

    await test.step('migrations ran once per plugin database', async () => {
      const migrations = await migrationsPerDatabase();
      const mlopsMigrations = fs
        .readdirSync(path.join(repoRoot, 'plugins/mlops-backend/migrations'))
        .filter(f => f.endsWith('.js')).length;
      expect(migrations['backstage_plugin_mlops.knex_migrations']).toEqual({
        rows: mlopsMigrations,
        duplicates: 0,
      });
      for (const [table, counts] of Object.entries(migrations)) {
        expect(counts.duplicates, table).toBe(0);
      }
      for (const replica of replicas) {
        const text = fs.readFileSync(replica.logFile, 'utf8');
        expect(text, replica.name).not.toMatch(
          /threw an error during startup|duplicate key|already exists/,
        );
      }
    });

    await test.step('each serves the catalog, every mlops route and a dry-run', async () => {
      for (const replica of replicas) {
        await expectServes(request, replica);
        expectDryRun(replica);
      }
    });

    await test.step('each collector runs once per interval across two', async () =>
      expectOncePerInterval(replicas, 30));

    await test.step('figure: requests per second of two replicas against one', async () => {
      const figures = cachedRouteRps(replicas);
      test.info().annotations.push({
        type: 'rps',
        description: JSON.stringify(figures),
      });
      console.log(`cached serving-health: ${JSON.stringify(figures)}`);
    });

    await test.step('a third replica joins', async () => {
      // Taken again: a plugin's scheduler tables may have been migrated
      // after the first two were ready (when it scheduled its first task).
      const before = await migrationsPerDatabase();
      const third = startReplica('replica-3', await freePort());
      replicas.push(third);
      await waitUntilReady(request, third);
      expect(await migrationsPerDatabase()).toEqual(before);
      await expectServes(request, third);
      expectDryRun(third);
      await expectOncePerInterval(replicas, 24);
    });

    await test.step('kill -9 mid-run loses nothing recorded; the others serve and collect', async () => {
      const before = await recordedHistory();
      const running = replicas.filter(isAlive);
      const { replica, task } = await replicaMidRun(request, running);
      await killReplica(replica);
      const killedAt = Date.now();
      test.info().annotations.push({
        type: 'killed',
        description: `${replica.name} while running ${task}`,
      });
      const after = await recordedHistory();
      expect(after.scalingEvents).toEqual(
        expect.arrayContaining(before.scalingEvents),
      );
      expect(after.gpuJobs).toEqual(expect.arrayContaining(before.gpuJobs));
      const survivors = running.filter(r => r !== replica);
      for (const survivor of survivors) await expectServes(request, survivor);
      // The dead replica's lock expires after history.runTimeout (15 s) and
      // the scheduler's janitor (every minute per replica) frees the task.
      await expect
        .poll(
          () =>
            Object.values(runsBetween(survivors, killedAt, Date.now())).map(
              runs => runs.length > 0,
            ),
          { timeout: 100_000, intervals: [2000] },
        )
        .toEqual([true, true]);
      const final = await recordedHistory();
      expect(final.gpuJobs).toEqual(expect.arrayContaining(before.gpuJobs));
      expect(final.scalingEvents).toEqual(
        expect.arrayContaining(before.scalingEvents),
      );
    });

    await test.step('a scaffolder task whose replica dies is marked failed', async () => {
      const marker = `m${Date.now()}`;
      const alive = () => replicas.filter(isAlive);
      let created: APIResponse | undefined;
      await expect
        .poll(
          async () => {
            created = await request.post(
              `${alive()[0].baseUrl}/api/scaffolder/v2/tasks`,
              {
                headers: auth,
                data: {
                  templateRef: 'template:default/replicas-slow-task',
                  values: { marker },
                },
              },
            );
            return created.status();
          },
          { timeout: 60_000, intervals: [2000] },
        )
        .toBe(201);
      const { id } = await created!.json();
      // The replica that claimed the task logs the marker, then waits.
      let claimer: Replica | undefined;
      await expect
        .poll(
          () =>
            (claimer = alive().find(r =>
              fs.readFileSync(r.logFile, 'utf8').includes(marker),
            ))?.name,
          { timeout: 60_000 },
        )
        .toBeTruthy();
      await killReplica(claimer!);
      const survivor = alive()[0];
      const task = async () =>
        (
          await request.get(
            `${survivor.baseUrl}/api/scaffolder/v2/tasks/${id}`,
            {
              headers: auth,
            },
          )
        ).json();
      await expect
        .poll(async () => (await task()).status, {
          timeout: 120_000,
          intervals: [2000],
        })
        .toBe('failed');
      test.info().annotations.push({
        type: 'stale task',
        description: `${id} claimed by ${claimer!.name}, failed on ${
          survivor.name
        }`,
      });
    });

    await test.step('a fourth replica joins the survivor', async () => {
      const fourth = startReplica('replica-4', await freePort());
      replicas.push(fourth);
      await waitUntilReady(request, fourth);
    });

    await test.step('one replica watches GPU jobs; kill -9 of it loses no pod record', async () => {
      const alive = replicas.filter(isAlive);
      createGpuWatchLab();
      try {
        let holder: Replica | undefined;
        await expect
          .poll(async () => (holder = await watchHolder(alive))?.name, {
            timeout: 60_000,
          })
          .toBeTruthy();
        expect(replicasWatching(alive)).toEqual([holder!.name]);
        // One pod finishes under its watch, one still runs when it dies.
        createGpuJob('before-kill', '2s');
        createGpuJob('across-kill', '20s');
        await expect
          .poll(
            () =>
              labPods().filter(
                p => p.job === 'across-kill' && p.phase === 'Running',
              ).length,
            { timeout: 60_000 },
          )
          .toBe(1);
        await new Promise(resolve => setTimeout(resolve, 3000));
        await killReplica(holder!);
        const killedAt = Date.now();
        // Runs and finishes while no replica watches.
        createGpuJob('during-gap', '2s');
        const survivors = alive.filter(r => r !== holder);
        let next: Replica | undefined;
        await expect
          .poll(async () => (next = await watchHolder(survivors))?.name, {
            timeout: 60_000,
            intervals: [500],
          })
          .toBeTruthy();
        const takeoverSeconds = (Date.now() - killedAt) / 1000;
        createGpuJob('after-takeover', '2s');
        // Every pod recorded with its own GPU time, none estimated.
        const matches = async () => {
          const pods = labPods();
          const recorded = await recordedPods();
          return pods.map(p => ({
            job: p.job,
            own: p.gpuSeconds,
            recorded: recorded.get(p.uid) ?? null,
          }));
        };
        await expect
          .poll(
            async () =>
              (
                await matches()
              ).filter(
                m =>
                  m.own !== null &&
                  m.recorded?.gpuSeconds === m.own &&
                  m.recorded.end === 'terminated' &&
                  !m.recorded.estimated,
              ).length,
            { timeout: 90_000, intervals: [2000] },
          )
          .toBe(4);
        expect((await matches()).map(m => m.job).sort()).toEqual([
          'across-kill',
          'after-takeover',
          'before-kill',
          'during-gap',
        ]);
        expect(replicasWatching(survivors)).toEqual([next!.name]);
        const takeover = `${holder!.name} killed; ${
          next!.name
        } took over after ${takeoverSeconds.toFixed(1)} s (lease TTL 6 s)`;
        test.info().annotations.push({
          type: 'GPU job watch',
          description: takeover,
        });
        console.log(`GPU job watch: ${takeover}`);
      } finally {
        deleteGpuWatchLab();
      }
    });
  } finally {
    await Promise.all(replicas.map(stopReplica));
  }
});
