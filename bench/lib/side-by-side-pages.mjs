// The calls one viewer's page makes, per example model service, as
// load.mjs --requests reads them (an array of pages).
// Usage: node bench/lib/side-by-side-pages.mjs ROUTE BASE_URL CATALOG_FILE NAME...
// ROUTE: k8s-services, k8s-workloads (the kubernetes plugin's), health,
// alerts, autoscaling, gpu-jobs, fleet (this portal's).
import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';

const [route, base, file, ...names] = process.argv.slice(2);
const entities = parseAllDocuments(fs.readFileSync(file, 'utf8'))
  .map(d => d.toJSON())
  .filter(e => e?.kind === 'Component')
  .map(e => ({ ...e, metadata: { namespace: 'default', ...e.metadata } }));

function page(name) {
  const entity = entities.find(e => e.metadata.name === name);
  if (!entity) throw new Error(`${name} is not in ${file}`);
  const mlops = path => ({
    url: `${base}/api/mlops/entities/component/default/${name}/${path}`,
  });
  switch (route) {
    case 'k8s-services':
      return [
        {
          method: 'POST',
          url: `${base}/api/kubernetes/services/${name}`,
          body: { entity },
        },
      ];
    case 'k8s-workloads':
      return [
        {
          method: 'POST',
          url: `${base}/api/kubernetes/resources/workloads/query`,
          body: { entityRef: `component:default/${name}`, auth: {} },
        },
      ];
    case 'health':
      return [mlops('serving-health')];
    case 'alerts':
      return [mlops('alerts')];
    case 'autoscaling':
      return [mlops('autoscaling')];
    case 'gpu-jobs':
      return [mlops('gpu-jobs')];
    case 'fleet':
      return [{ url: `${base}/api/mlops/fleet` }];
    default:
      throw new Error(`unknown route ${route}`);
  }
}

console.log(JSON.stringify(names.map(page)));
