/*
 * The registered model versions the sandbox deploys, as sandbox/mlflow/seed.py
 * registers them: each example model has two or three versions; the champion
 * (the one before the newest) runs, and the challenger (the newest) is the
 * release a canary scenario rolls out. Services the seed does not know have
 * two versions, like its DEFAULT_TRAINING.
 */
import { IMAGE_TAG } from './workloads';

const VERSIONS_REGISTERED: Record<string, number> = {
  'fraud-scorer': 3,
  'fraud-graph-embedder': 2,
  'reco-candidate-retrieval': 3,
  'reco-ranker': 2,
  'support-llm': 3,
  'doc-classifier': 2,
  'image-moderation': 3,
};

/**
 * The challenger ships in two builds: a faulty one (canary-bad) and the one
 * that works (canary-good). Their pod templates differ, so the second
 * canary is judged on its own pods' series, not on the first one's errors.
 */
const NEW_RELEASE_TAGS = { canary: '1.5.0', 'faulty-canary': '1.5.0-rc.1' };

export type NewRelease = keyof typeof NEW_RELEASE_TAGS;
export const NEW_RELEASES = Object.keys(NEW_RELEASE_TAGS) as NewRelease[];
export type Release = 'stable' | NewRelease;

/** The model version and image tag of a service's release. */
export function releaseOf(
  service: string,
  release: Release,
): { modelVersion: string; imageTag: string } {
  const newest = VERSIONS_REGISTERED[service] ?? 2;
  return release === 'stable'
    ? { modelVersion: String(newest - 1), imageTag: IMAGE_TAG }
    : { modelVersion: String(newest), imageTag: NEW_RELEASE_TAGS[release] };
}

/** The key of a service's new release in the map of rendered releases. */
export const releaseKey = (serviceKey: string, release: NewRelease) =>
  `${serviceKey}#${release}`;
