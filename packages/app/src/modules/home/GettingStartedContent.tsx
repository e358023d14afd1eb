import { MarkdownContent } from '@backstage/core-components';

const content = `
The portal for teams that run machine-learning models on Kubernetes.

- **Find a model service**: the [catalog](/catalog?filters[kind]=component&filters[type]=model-service)
  lists every model service with its owner, system, API and Kubernetes workloads.
- **Ship a new model**: [Create](/create) scaffolds a service with its
  Dockerfile, Helm chart, CI pipeline, alerts and runbooks.
- **On call?** Each service page links its Kubernetes state, and every alert
  links its runbook in [Docs](/docs).
- **Teams and ownership**: see [groups](/catalog?filters[kind]=group) and the
  systems they own.
`;

export const GettingStartedContent = () => (
  <MarkdownContent content={content} />
);
