import { startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleMlops } from './module';

// Starting a backend can take over 5 s on a busy 2-core CI machine.
jest.setTimeout(60_000);

describe('scaffolderModuleMlops', () => {
  it('adds mlops:model-service:validate to the scaffolder', async () => {
    const added: { id: string }[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          {
            addActions: (...actions: { id: string }[]) =>
              added.push(...actions),
          },
        ],
      ],
      features: [scaffolderModuleMlops],
    });
    expect(added.map(a => a.id)).toEqual(['mlops:model-service:validate']);
  });
});
