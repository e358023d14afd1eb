import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  EntityRefLink,
  EntityRefLinks,
  catalogApiRef,
  getEntityRelations,
} from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { RELATION_OWNED_BY } from '@backstage/catalog-model';

/** GPU or CPU, from the `gpu` tag the templates and examples set. */
export function computeOf(entity: Entity): 'GPU' | 'CPU' {
  return entity.metadata.tags?.includes('gpu') ? 'GPU' : 'CPU';
}

const columns: TableColumn<Entity>[] = [
  {
    title: 'Service',
    render: entity => <EntityRefLink entityRef={entity} hideIcon />,
  },
  {
    title: 'Owner',
    render: entity => (
      <EntityRefLinks
        entityRefs={getEntityRelations(entity, RELATION_OWNED_BY)}
        hideIcons
      />
    ),
  },
  { title: 'Compute', render: entity => computeOf(entity) },
  {
    title: 'Lifecycle',
    render: entity => String(entity.spec?.lifecycle ?? ''),
  },
];

export const ModelServicesContent = () => {
  const catalogApi = useApi(catalogApiRef);
  const { value, loading, error } = useAsync(
    () =>
      catalogApi.getEntities({
        filter: { kind: 'Component', 'spec.type': 'model-service' },
        fields: ['kind', 'metadata', 'spec.lifecycle', 'relations'],
        order: { field: 'metadata.name', order: 'asc' },
      }),
    [catalogApi],
  );

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value?.items.length) {
    return (
      <EmptyState
        missing="content"
        title="No model services yet"
        description="Create one from the Model service template, or register an existing catalog-info.yaml with spec.type: model-service."
      />
    );
  }
  return (
    <Table<Entity>
      options={{
        paging: false,
        search: false,
        toolbar: false,
        padding: 'dense',
      }}
      columns={columns}
      data={value.items}
    />
  );
};
