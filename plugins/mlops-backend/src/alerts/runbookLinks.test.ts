import { runbookOf } from './runbookLinks';

const portal = ['https://portal.example.com', 'http://localhost:3000/'];

describe('runbookOf', () => {
  it.each([
    [undefined, { problem: 'missing' }],
    ['  ', { problem: 'missing' }],
    ['runbooks/x', { problem: 'invalid' }],
    // eslint-disable-next-line no-script-url
    ['javascript:alert(1)', { problem: 'invalid' }],
    ['data:text/html,<script>alert(1)</script>', { problem: 'invalid' }],
    [
      'https://wiki.example.com/runbooks/x',
      { url: 'https://wiki.example.com/runbooks/x' },
    ],
    [
      'https://portal.example.com/docs/default/component/fraud-scorer/runbooks/model-service-high-error-rate/',
      {
        url: 'https://portal.example.com/docs/default/component/fraud-scorer/runbooks/model-service-high-error-rate/',
        portalPath:
          '/docs/default/component/fraud-scorer/runbooks/model-service-high-error-rate/',
      },
    ],
    [
      'http://localhost:3000/docs/default/component/mlops-portal/runbooks/gpu-job-failed/#diagnosis',
      {
        url: 'http://localhost:3000/docs/default/component/mlops-portal/runbooks/gpu-job-failed/#diagnosis',
        portalPath:
          '/docs/default/component/mlops-portal/runbooks/gpu-job-failed/#diagnosis',
      },
    ],
    // Another port or scheme is another site.
    ['http://localhost:3001/docs/x/', { url: 'http://localhost:3001/docs/x/' }],
    [
      'http://portal.example.com/docs/x/',
      { url: 'http://portal.example.com/docs/x/' },
    ],
  ])('%s', (annotation, expected) => {
    expect(runbookOf(annotation, portal)).toEqual(expected);
  });

  // A path the browser reads as protocol-relative (`//host`, `/\host`)
  // would leave the portal from an in-app link: such URLs stay plain links.
  it.each([
    'https://portal.example.com//evil.com/x',
    'https://portal.example.com/\\evil.com/x',
    'https://portal.example.com/\\/evil.com/x',
    'https://portal.example.com/\t/evil.com/x',
    'https://portal.example.com///evil.com',
  ])('keeps %j out of the portal paths', annotation => {
    const runbook = runbookOf(annotation, portal);
    expect(runbook).toEqual({ url: new URL(annotation).href });
    expect(runbook).not.toHaveProperty('portalPath');
  });

  it.each([
    ['https://portal.example.com/%2F%2Fevil.com/x', '/%2F%2Fevil.com/x'],
    ['https://portal.example.com/docs//x', '/docs//x'],
    ['https://portal.example.com', '/'],
  ])('keeps %j in the portal as %j', (annotation, portalPath) => {
    expect(runbookOf(annotation, portal)).toMatchObject({ portalPath });
  });

  it('keeps a double slash after the base path of a portal below the root out', () => {
    const below = ['https://example.com/portal'];
    expect(runbookOf('https://example.com/portal//evil.com/x', below)).toEqual({
      url: 'https://example.com/portal//evil.com/x',
    });
  });

  it('keeps to the base path of a portal served below the root', () => {
    const below = ['https://example.com/portal'];
    expect(runbookOf('https://example.com/portal/docs/a/', below)).toEqual({
      url: 'https://example.com/portal/docs/a/',
      portalPath: '/docs/a/',
    });
    expect(runbookOf('https://example.com/portals/docs/a/', below)).toEqual({
      url: 'https://example.com/portals/docs/a/',
    });
  });
});
