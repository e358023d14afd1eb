/** A MIG slice: its profile and the share of a GPU it is. @public */
export interface MigSlice {
  /** As NVIDIA names it: `1g.10gb`, `3g.40gb`, `1g.10gb+me`, `1c.3g.40gb`. */
  profile: string;
  /** Compute slices over those of the GPU: g/7, or g/4 on an A30. */
  fraction: number;
}

/** The prefix of the extended resources the device plugin's `mixed` strategy offers. */
export const MIG_RESOURCE_PREFIX = 'nvidia.com/mig-';

// `[<c>c.]<g>g.<memory>gb[+me|+gfx|...]`: a compute instance of c slices
// inside a GPU instance of g, when the two differ.
const PROFILE = /^(?:(\d)c\.)?(\d)g\.(\d+)gb(?:\+[a-z][a-z.]*)?$/;
// The A30 has 4 compute slices of 6 GB each; every other MIG GPU has 7.
const A30_GB_PER_SLICE = 6;

/** The slice of a MIG profile as DCGM's `GPU_I_PROFILE` or a resource name writes it; null when not one. @public */
export function migSliceOfProfile(profile: string): MigSlice | null {
  const match = PROFILE.exec(profile);
  if (!match) return null;
  const instance = Number(match[2]);
  const compute = match[1] === undefined ? instance : Number(match[1]);
  const slices = Number(match[3]) === A30_GB_PER_SLICE * instance ? 4 : 7;
  if (instance < 1 || instance > slices || compute < 1 || compute > instance) {
    return null;
  }
  return { profile, fraction: compute / slices };
}

/**
 * The slice an extended resource of the MIG `mixed` strategy stands for
 * (`nvidia.com/mig-3g.40gb` → 3/7 of a GPU); null for anything else,
 * including malformed MIG names such as `nvidia.com/mig-foo`.
 * @public
 */
export function migSliceOf(resource: string): MigSlice | null {
  if (!resource.startsWith(MIG_RESOURCE_PREFIX)) return null;
  return migSliceOfProfile(resource.slice(MIG_RESOURCE_PREFIX.length));
}

/**
 * How many GPUs `count` of `resource` amount to: `count` for a whole-GPU
 * resource (whether it is one is the caller's configuration), count × the
 * slice's fraction for a MIG slice, 0 for a malformed MIG name.
 * @public
 */
export function gpuEquivalentOf(resource: string, count: number): number {
  if (!resource.startsWith(MIG_RESOURCE_PREFIX)) return count;
  return count * (migSliceOf(resource)?.fraction ?? 0);
}
