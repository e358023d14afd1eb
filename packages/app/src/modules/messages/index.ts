import { coreComponentsTranslationRef } from '@backstage/core-components/alpha';
import {
  createFrontendModule,
  createTranslationMessages,
} from '@backstage/frontend-plugin-api';
import { TranslationBlueprint } from '@backstage/plugin-app-react';

/**
 * Error pages that say what is wrong. TechDocs shows this page for docs of
 * an unknown entity, of an entity without docs, and for a missing page; the
 * stock title ("Looks like someone dropped the mic!") says none of that.
 */
const errorPageMessages = TranslationBlueprint.make({
  name: 'error-page',
  params: {
    resource: createTranslationMessages({
      ref: coreComponentsTranslationRef,
      messages: {
        'errorPage.title':
          'This page does not exist, or its docs have not been built',
      },
    }),
  },
});

export const messagesModule = createFrontendModule({
  pluginId: 'app',
  extensions: [errorPageMessages],
});
