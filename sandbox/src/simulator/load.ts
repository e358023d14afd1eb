import { frameworkProfile, FrameworkProfile, ModelService } from './fleet';
import type { Pod } from './kubeTypes';
import { releaseOf } from './modelVersions';
import {
  HEALTHY_EFFECTS,
  podEffects,
  SCENARIOS,
  ScenarioName,
  serviceEffects,
  ServiceEffects,
} from './scenarios';
import { podCpuCores, podShares, serviceRps } from './traffic';

/** How busy one model service is right now, and which of its pods serve. */
export interface ServiceLoad {
  service: ModelService;
  profile: FrameworkProfile;
  effects: ServiceEffects;
  /** Pods whose effects differ from the service's (a canary's), by pod name. */
  podEffects: Map<string, ServiceEffects>;
  rps: number;
  /** Running pods on a node (they report container metrics). */
  runningPods: Pod[];
  /** Running and Ready pods: the Service's endpoints, the ones getting traffic. */
  readyPods: Pod[];
  /** Requests per second each ready pod receives, by pod name. */
  rpsByPod: Map<string, number>;
  rpsPerPod: number;
  cpuUtilizationPercent: number;
  cpuMillisPerPod: number;
}

export function isRunning(pod: Pod): boolean {
  return (
    pod.status?.phase === 'Running' &&
    !!pod.spec.nodeName &&
    !pod.metadata.deletionTimestamp
  );
}

export function isReady(pod: Pod): boolean {
  return (
    isRunning(pod) &&
    !!pod.status?.conditions?.some(
      c => c.type === 'Ready' && c.status === 'True',
    )
  );
}

export function serviceOfPod(pod: Pod): string | undefined {
  return pod.metadata.labels?.['backstage.io/kubernetes-id'];
}

/** The pod template annotation the model-service chart sets from modelRegistry.version. */
export const ANNOTATION_MODEL_VERSION = 'mlops-portal.io/model-version';

export function computeServiceLoads(
  services: readonly ModelService[],
  pods: readonly Pod[],
  scenario: ScenarioName,
  targets: readonly string[],
  nowMs: number,
): Map<string, ServiceLoad> {
  const podsByService = new Map<string, Pod[]>();
  for (const pod of pods) {
    if (pod.metadata.labels?.['mlops-sandbox/role'] !== 'model-service')
      continue;
    const name = serviceOfPod(pod);
    if (!name) continue;
    const list = podsByService.get(name) ?? [];
    list.push(pod);
    podsByService.set(name, list);
  }
  const loads = new Map<string, ServiceLoad>();
  for (const service of services) {
    const profile = frameworkProfile(service.framework, service.accelerator);
    const effects = serviceEffects(scenario, service, targets);
    const own = podsByService.get(service.name) ?? [];
    const runningPods = own.filter(isRunning);
    const readyPods = runningPods.filter(isReady);
    const rps = serviceRps(service.name, service.baseRps, effects, nowMs);
    const shares = podShares(readyPods.map(p => p.metadata.name));
    const rpsByPod = new Map(
      readyPods.map((p, i) => [p.metadata.name, rps * shares[i]]),
    );
    const rpsPerPod = readyPods.length ? rps / readyPods.length : 0;
    const canaryVersion =
      SCENARIOS[scenario].canaryEffects && targets.includes(service.name)
        ? releaseOf(service.name, 'faulty-canary').modelVersion
        : undefined;
    const byPod = new Map<string, ServiceEffects>();
    for (const pod of readyPods) {
      const ofPod = podEffects(
        scenario,
        effects,
        pod.metadata.annotations?.[ANNOTATION_MODEL_VERSION],
        canaryVersion,
      );
      if (ofPod !== effects) byPod.set(pod.metadata.name, ofPod);
    }
    const cores = podCpuCores(profile, rpsPerPod, service.name, nowMs);
    loads.set(service.name, {
      service,
      profile,
      effects: effects ?? HEALTHY_EFFECTS,
      podEffects: byPod,
      rps,
      runningPods,
      readyPods,
      rpsByPod,
      rpsPerPod,
      cpuMillisPerPod: cores * 1000,
      cpuUtilizationPercent: (cores * 100000) / profile.cpuRequestMillis,
    });
  }
  return loads;
}
