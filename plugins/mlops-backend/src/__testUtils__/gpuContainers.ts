/** The GPU resources the GPU-job tests configure. */
export const GPU = ['nvidia.com/gpu', 'amd.com/gpu'];

/** A trainer container with these limits (values as a manifest may write them). */
export const container = (limits?: Record<string, unknown>) => ({
  name: 'trainer',
  resources: limits ? { limits: limits as Record<string, string> } : undefined,
});
