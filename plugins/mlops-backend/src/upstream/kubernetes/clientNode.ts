/** The module type of @kubernetes/client-node. */
export type ClientNode = typeof import('@kubernetes/client-node');

let clientNode: Promise<ClientNode> | undefined;

/** @kubernetes/client-node is ESM-only: loaded once with import(), as the kubernetes plugin does. */
export function loadClientNode(): Promise<ClientNode> {
  clientNode ??= import('@kubernetes/client-node');
  return clientNode;
}
