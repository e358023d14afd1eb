import type { CoreV1Api } from '@kubernetes/client-node';
import {
  matchesLabelSelector,
  parseLabelSelector,
} from '@internal/plugin-mlops-common';
import { loadClientNode } from '../upstream/kubernetes/clientNode';
import { describeSandbox, env } from '../__testUtils__/sandbox';

/*
 * The label selector parser against the sandbox's kube-apiserver: for every
 * selector of the table, we accept it iff the apiserver does (a list call
 * answers 400 to the ones it refuses), and where both accept it we select
 * the same ConfigMaps out of a namespace of our own.
 */
jest.setTimeout(120_000);

const v63 = 'v'.repeat(63);
const k63 = 'k'.repeat(63);

const OBJECTS: Record<string, Record<string, string>> = {
  'cm-a': { app: 'fraud', tier: 'web', 'example.com/team': 'risk', n: '5' },
  'cm-b': { app: 'fraud', tier: '', n: '12' },
  'cm-c': { app: 'churn', env: 'prod', in: 'in' },
  'cm-d': { app: 'Churn', env: 'dev', n: '007', notin: 'x' },
  'cm-e': {},
  'cm-f': { tier: 'db', env: 'prod', long: v63, [k63]: 'k' },
};

const SELECTORS = [
  // Accepted by the apiserver.
  ...['', '  ', 'app', '!app', '! app', 'app=fraud', 'app==fraud'],
  ...['app!=fraud', ' app = fraud ', 'app=fraud\n', 'app=Churn', 'App=x'],
  ...['app in (fraud)', 'app in (fraud,churn)', 'app in(fraud , churn)'],
  ...['app notin (fraud)', '\tapp\tnotin\t(churn)', 'tier=', 'tier!='],
  ...['tier in ()', 'tier in (web,,db)', 'tier in (,web)', 'tier in (db,)'],
  ...['example.com/team=risk', 'example.com/team', 'in in (in)'],
  ...['notin=x', 'n>6', 'n<10', 'n>0', 'n<9223372036854775807'],
  ...[`long=${v63}`, k63, 'app=fraud,tier', 'app,!env,tier notin (web)'],
  // Refused by it.
  ...['=a', 'a b', 'a=b=c', '!a=b', 'a,', ',a', 'a,,b', 'a in (x'],
  ...['a in x', 'a in (x y)', 'a in (x))', 'a in ((x))', 'a=(x)', '!'],
  ...['!!a', 'a!', 'a!==b', 'a=!b', 'a==b==c', 'a\nb', 'n>=1', 'n>', 'n>x'],
  ...['n>-1', 'n<9223372036854775808', `long=${v63}v`, `${k63}k`],
  ...['a/b/c', '/a', 'a/', 'Example.com/a', 'ex_ample.com/a'],
  ...['exa..mple.com/a', '-a', 'a=-b', 'a=b-', 'a=b c', 'app=x"}'],
  ...['app="x"} or vector(1)', 'a=é', 'é'],
];

async function apiserverSelects(
  core: CoreV1Api,
  namespace: string,
  labelSelector: string,
): Promise<string[] | 'refused'> {
  try {
    const list = await core.listNamespacedConfigMap({
      namespace,
      labelSelector,
    });
    return list.items
      .map(c => c.metadata!.name!)
      .filter(name => name in OBJECTS)
      .sort();
  } catch (e) {
    if ((e as { code?: number }).code === 400) return 'refused';
    throw e;
  }
}

describeSandbox('label selectors as the apiserver reads them', () => {
  const namespace = `mlops-it-selectors-${Date.now()}`;
  let core: CoreV1Api;

  beforeAll(async () => {
    const k8s = await loadClientNode();
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(env('MLOPS_SANDBOX_KUBECONFIG_EAST'));
    core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    for (const [name, labels] of Object.entries(OBJECTS)) {
      await core.createNamespacedConfigMap({
        namespace,
        body: { metadata: { name, labels } },
      });
    }
  });

  afterAll(async () => {
    await core?.deleteNamespace({ name: namespace });
  });

  it('has a table of at least 30 selectors, accepted and refused', () => {
    const accepted = SELECTORS.filter(s => parseLabelSelector(s).ok);
    expect(new Set(SELECTORS).size).toBe(SELECTORS.length);
    expect(accepted.length).toBeGreaterThanOrEqual(15);
    expect(SELECTORS.length - accepted.length).toBeGreaterThanOrEqual(15);
  });

  it.each(SELECTORS)('%j: same verdict and same objects', async selector => {
    const parsed = parseLabelSelector(selector);
    const ours = parsed.ok
      ? Object.entries(OBJECTS)
          .filter(([, labels]) => matchesLabelSelector(parsed.selector, labels))
          .map(([name]) => name)
          .sort()
      : 'refused';
    expect(ours).toEqual(await apiserverSelects(core, namespace, selector));
  });
});
