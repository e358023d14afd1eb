import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'PortalGettingStarted',
    title: 'Run your models with the MLOps Portal',
    description: 'What the portal does and where to start',
    components: () =>
      import('./GettingStartedContent').then(m => ({
        Content: m.GettingStartedContent,
      })),
  },
});

const modelServicesWidget = HomePageWidgetBlueprint.make({
  name: 'model-services',
  params: {
    name: 'ModelServicesWidget',
    title: 'Model services',
    description: 'Every model service in the catalog, with its owner',
    components: () =>
      import('./ModelServicesContent').then(m => ({
        Content: m.ModelServicesContent,
      })),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget, modelServicesWidget],
});
