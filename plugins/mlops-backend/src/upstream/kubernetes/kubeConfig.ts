import fs from 'node:fs';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  SERVICEACCOUNT_CA_PATH,
} from '@backstage/plugin-kubernetes-common';
import {
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { ClientNode } from './clientNode';

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** A KubeConfig for one cluster of the kubernetes plugin and the credential its auth strategy gave. */
export function kubeConfigFor(
  k8s: ClientNode,
  cluster: ClusterDetails,
  credential: KubernetesCredential,
): KubeConfig {
  const kc = new k8s.KubeConfig();
  const authProvider =
    cluster.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
  if (
    authProvider === 'serviceAccount' &&
    !cluster.authMetadata.serviceAccountToken &&
    fs.existsSync(SERVICEACCOUNT_CA_PATH)
  ) {
    // The backend runs in this cluster: its own service account, as the kubernetes plugin does.
    kc.loadFromCluster();
    return kc;
  }
  let user: Record<string, string> = { name: 'backstage' };
  if (credential.type === 'bearer token') {
    user = { name: 'backstage', token: credential.token };
  } else if (credential.type === 'x509 client certificate') {
    user = {
      name: 'backstage',
      certData: base64(credential.cert),
      keyData: base64(credential.key),
    };
  }
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        skipTLSVerify: !!cluster.skipTLSVerify,
        caData: cluster.caData,
        caFile: cluster.caFile,
      },
    ],
    users: [user],
    contexts: [
      { name: cluster.name, cluster: cluster.name, user: 'backstage' },
    ],
    currentContext: cluster.name,
  });
  return kc;
}
