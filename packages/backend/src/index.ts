import { createBackend } from '@backstage/backend-defaults';
import { assertConfigEnvironment } from './assertConfigEnvironment';
import { databaseServiceFactory } from './database/serialisedMigrations';

assertConfigEnvironment(process.argv, process.env);

const backend = createBackend();
// Replicas started together run each plugin's migrations one after the other.
backend.add(databaseServiceFactory);

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-events-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));
// Signs in users that an oauth2-proxy in front of the portal has
// authenticated; enabled only where auth.providers.oauth2Proxy is configured.
backend.add(
  import('@backstage/plugin-auth-backend-module-oauth2-proxy-provider'),
);

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-permission-backend'));
// Owners and mlops.tenancy.platformGroups (docs/permissions.md).
backend.add(import('@internal/plugin-permission-backend-module-mlops-policy'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
// mlops:model-service:validate, the first step of the model-service template.
backend.add(import('@internal/plugin-scaffolder-backend-module-mlops'));

// Search uses PostgreSQL when the database is PostgreSQL, Lunr in memory otherwise.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

backend.add(import('@backstage/plugin-techdocs-backend'));
backend.add(import('@backstage/plugin-kubernetes-backend'));
// /api/mlops: model-serving health from Prometheus and the clusters above
// (with a kubernetes module that hands those clusters over).
backend.add(import('@internal/plugin-mlops-backend'));
// Settings are stored per user and pushed to open tabs over signals.
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
