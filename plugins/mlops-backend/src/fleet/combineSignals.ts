import { SignalValues } from '../upstream/prometheus/PrometheusClient';
import { ClusterSignals } from './fleetMetrics';

type Combine = (values: number[], weights: number[]) => number;

const sum: Combine = values => values.reduce((a, b) => a + b, 0);
const max: Combine = values => Math.max(...values);
const mean: Combine = values => sum(values, []) / values.length;
/** Weighted by traffic; plain mean where no cluster has any. */
const byTraffic: Combine = (values, weights) => {
  const total = sum(weights, []);
  if (!(total > 0)) return mean(values, []);
  return values.reduce((acc, v, i) => acc + v * weights[i], 0) / total;
};

function combinerOf(signal: string): Combine {
  if (signal === 'rps' || signal === 'series') return sum;
  if (signal.startsWith('error_ratio:')) return byTraffic;
  if (signal === 'cpu_ratio' || signal === 'gpu_util') return mean;
  // Latency: the worst cluster stands for all (quantiles do not add up).
  return max;
}

/**
 * The signals of one service over the clusters it runs on, as the health
 * endpoint's single query would sum them: traffic adds up, error ratios are
 * weighted by each cluster's traffic, latency is the worst cluster's.
 */
export function combineClusterSignals(list: ClusterSignals[]): SignalValues {
  if (list.length === 1) return list[0].values;
  const names = new Set(list.flatMap(e => [...e.values.keys()]));
  const combined: SignalValues = new Map();
  for (const name of names) {
    const present = list.filter(
      e => e.values.get(name) !== undefined && e.values.get(name) !== null,
    );
    if (present.length === 0) {
      combined.set(name, null);
      continue;
    }
    combined.set(
      name,
      combinerOf(name)(
        present.map(e => e.values.get(name)!),
        present.map(e => e.values.get('rps') ?? 0),
      ),
    );
  }
  return combined;
}
