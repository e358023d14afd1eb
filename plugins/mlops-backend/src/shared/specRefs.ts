import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * A relation field of an entity's spec (`owner`, `system`) as a lower-case
 * full ref, read the way the catalog reads it (of `defaultKind`, in the
 * entity's namespace, unless it says otherwise); null when absent or not a ref.
 */
export function specRefOf(
  entity: { metadata: { namespace?: string }; spec?: Record<string, unknown> },
  field: string,
  defaultKind: string,
): string | null {
  const value = entity.spec?.[field];
  if (typeof value !== 'string' || !value.trim()) return null;
  try {
    return stringifyEntityRef(
      parseEntityRef(value.trim(), {
        defaultKind,
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return null;
  }
}
