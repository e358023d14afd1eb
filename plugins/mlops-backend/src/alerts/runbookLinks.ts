import { AlertRunbook, isInAppPath } from '@internal/plugin-mlops-common';

/**
 * The runbook of an alert from its `runbook_url` annotation. Only http(s)
 * URLs are links; one under a base URL of this portal also gets its path,
 * so the browser stays in the portal (and in the same tab), unless that path
 * would be read as another site (`//evil.example/x`).
 */
export function runbookOf(
  annotation: string | undefined,
  portalBaseUrls: readonly string[],
): AlertRunbook {
  const text = annotation?.trim();
  if (!text) return { problem: 'missing' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'invalid' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { problem: 'invalid' };
  }
  for (const base of portalBaseUrls) {
    const portal = new URL(base);
    const prefix = portal.pathname.replace(/\/+$/, '');
    if (
      url.origin === portal.origin &&
      (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))
    ) {
      const path = url.pathname.slice(prefix.length) || '/';
      if (!isInAppPath(path)) break;
      return { url: url.href, portalPath: `${path}${url.search}${url.hash}` };
    }
  }
  return { url: url.href };
}
