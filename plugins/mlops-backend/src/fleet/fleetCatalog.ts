import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** The model services of the catalog, read in pages of `pageSize`. */
export async function readModelServices(
  catalog: Pick<CatalogService, 'queryEntities'>,
  credentials: BackstageCredentials,
  pageSize = 500,
): Promise<{ entities: Entity[]; requests: number }> {
  const entities: Entity[] = [];
  let requests = 0;
  let cursor: string | undefined;
  do {
    const page = await catalog.queryEntities(
      cursor
        ? { cursor, limit: pageSize }
        : {
            filter: { kind: 'Component', 'spec.type': 'model-service' },
            limit: pageSize,
            orderFields: { field: 'metadata.name', order: 'asc' },
          },
      { credentials },
    );
    requests += 1;
    entities.push(...page.items);
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  return { entities, requests };
}
