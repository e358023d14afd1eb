import { MetricsTarget, SourceReport } from '@internal/plugin-mlops-common';
import { MlopsCore } from '../shared/core';
import { EntityTarget } from '../shared/entityTarget';
import {
  NO_PROMETHEUS_SERVES,
  notConfiguredReport,
  upstreamReport,
} from '../shared/sourceReports';
import {
  PrometheusAnswer,
  PrometheusClient,
} from '../upstream/prometheus/PrometheusClient';
import { batchSignals } from '../upstream/prometheus/promql';
import { profileKey } from './cacheKeys';
import { ServingPlace } from './metricsScope';
import { metricsTargetOf } from './metricsTarget';
import {
  chosenProfile,
  detectionOf,
  detectionTtlMs,
  ProfileDetection,
} from './profileChoice';
import { detectionSignals, MetricsScope } from './profiles/queries';
import { MetricProfile } from './profiles/types';

const NO_PROMETHEUS_CONFIGURED =
  'No Prometheus is configured under mlops.prometheus.instances';

/** The metrics side of an answer: what was read, or why not. */
export interface MetricsReading<T> {
  target: MetricsTarget;
  profile: MetricProfile;
  value?: T;
  failure?: string;
  report: SourceReport;
}

/**
 * Reads an entity's series from the instance serving it, with the profile
 * it is annotated with, else the one whose series exist (detected once and
 * kept), else the default.
 */
export class ServingMetricsReader {
  constructor(private readonly core: MlopsCore) {}

  /** Runs the query `query` builds for the chosen profile; one request, plus one to detect the profile. */
  async read<T>(
    target: EntityTarget,
    { instance, scope }: Pick<ServingPlace, 'instance' | 'scope'>,
    at: Date,
    query: (profile: MetricProfile) => string,
    run: (client: PrometheusClient, q: string) => Promise<PrometheusAnswer<T>>,
  ): Promise<MetricsReading<T>> {
    const client = instance
      ? this.core.prometheus.get(instance.name)
      : undefined;
    const started = Date.now();
    const { profile, detected, requests } = await this.profileFor(
      target,
      client,
      scope,
      at,
    );
    const name = client?.instance.name ?? null;
    const reading = {
      target: metricsTargetOf(profile, detected, name, scope),
      profile,
    };
    if (!client) {
      const message =
        this.core.config.instances.length === 0
          ? NO_PROMETHEUS_CONFIGURED
          : NO_PROMETHEUS_SERVES;
      const report = notConfiguredReport('prometheus', 'prometheus', message);
      return { ...reading, failure: message, report };
    }
    const report = (answer: Parameters<typeof upstreamReport>[2], n: number) =>
      upstreamReport('prometheus', client.instance.name, answer, n);
    const q = query(profile);
    if (!q) {
      return {
        ...reading,
        report: report({ ok: true, durationMs: 0 }, requests),
      };
    }
    const answer = await run(client, q);
    const durationMs = Date.now() - started;
    if (!answer.ok) {
      return {
        ...reading,
        failure: answer.error.message,
        report: report(
          { ok: false, error: answer.error, durationMs },
          requests + 1,
        ),
      };
    }
    return {
      ...reading,
      value: answer.value,
      report: report({ ok: true, durationMs }, requests + 1),
    };
  }

  private async profileFor(
    target: EntityTarget,
    client: PrometheusClient | undefined,
    scope: MetricsScope,
    at: Date,
  ): Promise<{ profile: MetricProfile; detected: boolean; requests: number }> {
    const { profiles, defaultProfileId } = this.core.config;
    let requests = 0;
    let detection: ProfileDetection | undefined;
    if (!target.profileId && client) {
      ({ value: detection } = await this.core.answers.value<ProfileDetection>(
        profileKey(client.instance.name, scope),
        detectionTtlMs,
        async () => {
          const answer = await client.instant(
            batchSignals(detectionSignals(profiles, scope)),
            at,
          );
          requests += 1;
          return detectionOf(profiles, answer);
        },
      ));
    }
    const choice = chosenProfile(
      profiles,
      defaultProfileId,
      target.profileId,
      detection,
    );
    return { ...choice, requests };
  }
}
