import { APIRequestContext, expect } from '@playwright/test';

/**
 * A Backstage token for `userName` (a User of the catalog) from the
 * oauth2Proxy provider, which trusts the `X-Forwarded-User` header that
 * oauth2-proxy sets in front of the portal. Enabled only by
 * e2e/app-config.production-test.yaml. Retries until the catalog has read
 * the user.
 */
export async function oauth2ProxyToken(
  request: APIRequestContext,
  baseUrl: string,
  userName: string,
): Promise<string> {
  let token = '';
  await expect
    .poll(
      async () => {
        const response = await request.get(
          `${baseUrl}/api/auth/oauth2Proxy/refresh`,
          {
            headers: {
              'X-Forwarded-User': userName,
              'X-Requested-With': 'XMLHttpRequest',
            },
          },
        );
        if (!response.ok()) return response.status();
        token = (await response.json()).backstageIdentity.token;
        return response.status();
      },
      { timeout: 60_000, intervals: [1000] },
    )
    .toBe(200);
  return token;
}
