const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A namespace name: a DNS-1123 label, up to 63 lowercase letters, digits or '-'. */
export function isNamespaceName(name: string): boolean {
  return name.length <= 63 && DNS_LABEL.test(name);
}

/** A DNS-1123 subdomain, the name of most objects (Jobs, pods) and of label-key prefixes. */
export function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && DNS_SUBDOMAIN.test(name);
}
