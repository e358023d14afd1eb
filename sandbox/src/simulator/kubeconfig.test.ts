import { resolveKubeconfig } from './kubeconfig';

const kubeconfig = (user: string) => `
apiVersion: v1
kind: Config
current-context: east
clusters:
- name: other
  cluster: { server: 'https://10.0.0.1:6443' }
- name: kwok-east
  cluster:
    server: https://127.0.0.1:16443
    certificate-authority: pki/ca.crt
contexts:
- name: east
  context: { cluster: kwok-east, user: admin }
users:
- name: admin
  user: ${user}
`;

describe('resolveKubeconfig', () => {
  it('follows the current context to its cluster and user', () => {
    const { cluster, user } = resolveKubeconfig(
      kubeconfig(
        '{ client-certificate: pki/admin.crt, client-key: pki/admin.key }',
      ),
      'east.kubeconfig',
    );
    expect(cluster).toEqual({
      server: 'https://127.0.0.1:16443',
      'certificate-authority': 'pki/ca.crt',
    });
    expect(user).toEqual({
      'client-certificate': 'pki/admin.crt',
      'client-key': 'pki/admin.key',
    });
  });

  it('accepts a bearer token', () => {
    expect(
      resolveKubeconfig(kubeconfig('{ token: abc }'), 'k').user.token,
    ).toBe('abc');
  });

  it.each([
    [kubeconfig('{ exec: { command: aws } }'), /exec plugin/],
    [
      kubeconfig('{}').replace(
        'current-context: east',
        'current-context: west',
      ),
      /context "west" not found/,
    ],
    [
      kubeconfig('{}').replace(
        'cluster: kwok-east, user',
        'cluster: gone, user',
      ),
      /cluster "gone" not found/,
    ],
    ['kind: Config', /current-context/],
  ])('explains what is wrong (%#)', (text, message) => {
    expect(() => resolveKubeconfig(text, 'k')).toThrow(message);
  });
});
