import { z } from 'zod';
import { isLabelName, isMetricName } from '../../upstream/prometheus/promql';
import { DEFAULT_PROFILES } from './defaultProfiles';
import { MetricProfile } from './types';

const metricName = z
  .string()
  .refine(isMetricName, { message: 'not a valid Prometheus metric name' });
const labelName = z
  .string()
  .refine(isLabelName, { message: 'not a valid Prometheus label name' });
const unit = z.enum(['seconds', 'milliseconds', 'microseconds']);

const seriesSchema = z.strictObject({
  metric: metricName,
  matchers: z
    .array(
      z.strictObject({
        label: labelName,
        op: z.enum(['=', '!=', '=~', '!~']),
        value: z.string(),
      }),
    )
    .optional(),
});

const histogramSchema = z.strictObject({
  metrics: z.array(metricName).min(1),
  unit,
});
const gaugeSchema = z.strictObject({
  series: z.array(seriesSchema).min(1),
  over: seriesSchema.optional(),
});
const llmSchema = z.strictObject({
  ttft: histogramSchema.optional(),
  tpot: histogramSchema.optional(),
  inputTokens: z.array(seriesSchema).min(1).optional(),
  outputTokens: z.array(seriesSchema).min(1).optional(),
  running: gaugeSchema.optional(),
  waiting: gaugeSchema.optional(),
  kvCache: gaugeSchema.optional(),
  preemptions: z.array(seriesSchema).min(1).optional(),
  notes: z.array(z.string().min(1)).optional(),
});

const profileSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, {
    message: 'lowercase letters, digits and dashes',
  }),
  title: z.string().min(1),
  detect: metricName,
  namespaceLabel: labelName.default('namespace'),
  workloadLabel: labelName.default('service'),
  workloadMatch: z.enum(['exact', 'pods']).default('exact'),
  requests: z.array(seriesSchema).min(1),
  errors: z
    .strictObject({
      failed: z.array(seriesSchema).min(1),
      total: z.array(seriesSchema).min(1).optional(),
    })
    .optional(),
  latency: z
    .discriminatedUnion('type', [
      z.strictObject({
        type: z.literal('histogram'),
        metric: metricName,
        unit,
      }),
      z.strictObject({
        type: z.literal('summary'),
        metric: metricName,
        quantileLabel: labelName.optional(),
        unit,
      }),
      z.strictObject({
        type: z.literal('mean'),
        sum: seriesSchema,
        count: seriesSchema,
        unit,
      }),
    ])
    .optional(),
  llm: llmSchema.optional(),
});

/**
 * The shipped profiles with those of `mlops.serving.profiles` on top: a
 * configured profile replaces the shipped one of the same id, others are
 * added after them (detection tries profiles in this order).
 */
export function readProfiles(
  configured: unknown[] | undefined,
): MetricProfile[] {
  const profiles = [...DEFAULT_PROFILES];
  (configured ?? []).forEach((raw, index) => {
    const parsed = profileSchema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .map(i => `${i.path.join('.') || '(profile)'}: ${i.message}`)
        .join('; ');
      throw new Error(`Invalid mlops.serving.profiles[${index}]: ${issues}`);
    }
    const existing = profiles.findIndex(p => p.id === parsed.data.id);
    if (existing >= 0) profiles[existing] = parsed.data;
    else profiles.push(parsed.data);
  });
  return profiles;
}
