import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

const numberAtLeast = FormFieldBlueprint.make({
  name: 'number-at-least',
  params: {
    field: () => import('./NumberAtLeastField').then(m => m.numberAtLeastField),
  },
});

/** Form fields of the portal's templates, added to the Create page. */
export const scaffolderFieldsModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [numberAtLeast],
});
