import { ApiRequestFilter, parseAuditLog, selectApiRequests } from './auditLog';

const PORTAL = 'system:serviceaccount:mlops-portal:mlops-portal';

function event(
  auditID: string,
  stage: string,
  time: string,
  uri: string,
  objectRef?: Record<string, string>,
  code?: number,
) {
  return JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID,
    stage,
    requestURI: uri,
    verb: uri.includes('watch=true') ? 'watch' : 'list',
    user: { username: PORTAL, groups: ['system:serviceaccounts'] },
    objectRef,
    responseStatus: code ? { metadata: {}, code } : undefined,
    requestReceivedTimestamp: time,
    stageTimestamp: time,
  });
}

const LOG = [
  event(
    'a',
    'ResponseComplete',
    '2025-03-01T10:00:00.100000Z',
    '/api/v1/namespaces/fraud-ml/pods',
    { resource: 'pods', namespace: 'fraud-ml' },
    200,
  ),
  event(
    'b',
    'ResponseStarted',
    '2025-03-01T10:00:01.000000Z',
    '/api/v1/namespaces/fraud-ml/pods?watch=true',
    { resource: 'pods', namespace: 'fraud-ml' },
    200,
  ),
  'not json {',
  event(
    'c',
    'ResponseComplete',
    '2025-03-01T10:00:02.000000Z',
    '/api/v1/pods?labelSelector=app%3Dx',
    { resource: 'pods' },
    200,
  ),
  event(
    'd',
    'ResponseComplete',
    '2025-03-01T10:00:03.000000Z',
    '/api/v1/namespaces/fraud-ml',
    { resource: 'namespaces', name: 'fraud-ml' },
    403,
  ),
  event(
    'b',
    'ResponseComplete',
    '2025-03-01T10:00:01.000000Z',
    '/api/v1/namespaces/fraud-ml/pods?watch=true',
    { resource: 'pods', namespace: 'fraud-ml' },
    200,
  ),
  event(
    'e',
    'ResponseComplete',
    '2025-03-01T10:00:04.000000Z',
    '/apis',
    undefined,
    200,
  ),
  event(
    'f',
    'ResponseComplete',
    '2025-03-01T10:00:05.000000Z',
    '/apis/apps/v1/namespaces/reco/deployments',
    { resource: 'deployments', namespace: 'reco' },
    200,
  ),
  JSON.stringify({ kind: 'Event', auditID: 'g' }),
  '',
];

describe('parseAuditLog', () => {
  it('keeps one request per audit ID, in order, and skips lines that are not events', () => {
    const requests = parseAuditLog(LOG);
    expect(requests.map(r => r.auditId)).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
    ]);
    expect(requests[0]).toEqual({
      auditId: 'a',
      receivedAt: new Date('2025-03-01T10:00:00.100Z'),
      user: PORTAL,
      verb: 'list',
      uri: '/api/v1/namespaces/fraud-ml/pods',
      code: 200,
      namespace: 'fraud-ml',
      resource: 'pods',
      name: undefined,
    });
  });
});

describe('selectApiRequests', () => {
  const requests = parseAuditLog(LOG);
  const cases: Array<[string, ApiRequestFilter, string[]]> = [
    ['no filter', {}, ['a', 'b', 'c', 'd', 'e', 'f']],
    [
      'a namespace and the Namespace object',
      { namespace: 'fraud-ml' },
      ['a', 'b', 'd'],
    ],
    ['a namespace never read', { namespace: 'search' }, []],
    [
      'since a time, inclusive',
      { since: new Date('2025-03-01T10:00:02Z') },
      ['c', 'd', 'e', 'f'],
    ],
    [
      'a namespace since a time',
      { namespace: 'fraud-ml', since: new Date('2025-03-01T10:00:01.5Z') },
      ['d'],
    ],
    [
      'cluster-wide: objects outside one namespace',
      { clusterWide: true },
      ['c', 'd'],
    ],
    ['another user', { user: 'system:anonymous' }, []],
    ['the portal', { user: PORTAL, namespace: 'reco' }, ['f']],
  ];

  it.each(cases)('%s', (_, filter, expected) => {
    expect(selectApiRequests(requests, filter).map(r => r.auditId)).toEqual(
      expected,
    );
  });
});
