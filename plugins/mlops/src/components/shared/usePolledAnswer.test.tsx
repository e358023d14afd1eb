import { CompoundEntityRef } from '@backstage/catalog-model';
import { TestApiProvider } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { mlopsApiRef } from '../../api/MlopsApi';
import { gpuJobsAnswer } from '../gpuJobs/fixtures';
import { entity } from './fixtures';
import { usePolledAnswer } from './usePolledAnswer';

describe('usePolledAnswer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function renderPolled(
    days: number,
    signals?: (channel: string, send: (message: object) => void) => void,
  ) {
    const asked: Array<[CompoundEntityRef, number]> = [];
    const getGpuJobs = async (ref: CompoundEntityRef, d: number) => {
      asked.push([ref, d]);
      return gpuJobsAnswer({ periodDays: d });
    };
    const signalApi = {
      subscribe: (channel: string, onMessage: (m: object) => void) => {
        signals?.(channel, onMessage);
        return { unsubscribe: () => {} };
      },
    };
    const apis = [
      [mlopsApiRef, { getGpuJobs }],
      ...(signals ? [[signalApiRef, signalApi]] : []),
    ] as const;
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={apis as never}>
        <EntityProvider entity={entity}>{children}</EntityProvider>
      </TestApiProvider>
    );
    const hook = renderHook(
      ({ d }) => usePolledAnswer((api, ref) => api.getGpuJobs(ref, d), [d]),
      { wrapper, initialProps: { d: days } },
    );
    return { asked, hook };
  }

  it('asks about the page entity, then again every 30 seconds without signals', async () => {
    const { asked, hook } = renderPolled(7);
    await waitFor(() => expect(hook.result.current.value).toBeDefined());
    expect(asked).toEqual([
      [{ kind: 'Component', namespace: 'default', name: 'fraud-scorer' }, 7],
    ]);
    expect(hook.result.current.ref.name).toBe('fraud-scorer');
    act(() => jest.advanceTimersByTime(29_000));
    expect(asked).toHaveLength(1);
    act(() => jest.advanceTimersByTime(1_000));
    await waitFor(() => expect(asked).toHaveLength(2));
  });

  it('asks again at once when a dependency changes', async () => {
    const { asked, hook } = renderPolled(7);
    await waitFor(() => expect(asked).toHaveLength(1));
    hook.rerender({ d: 30 });
    await waitFor(() => expect(asked).toHaveLength(2));
    expect(asked[1][1]).toBe(30);
  });

  it('with signals, asks again when the entity changes, not every 30 seconds', async () => {
    let send: ((message: object) => void) | undefined;
    const channels: string[] = [];
    const { asked, hook } = renderPolled(7, (channel, onMessage) => {
      channels.push(channel);
      send = onMessage;
    });
    await waitFor(() => expect(asked).toHaveLength(1));
    expect(channels).toEqual(['mlops:entity:component:default/fraud-scorer']);
    expect(hook.result.current.live).toBe(true);
    act(() => jest.advanceTimersByTime(60_000));
    expect(asked).toHaveLength(1);
    act(() => send!({ evaluatedAt: '2026-12-03T10:00:00Z' }));
    await waitFor(() => expect(asked).toHaveLength(2));
    expect(hook.result.current.updatedAt).toBeInstanceOf(Date);
  });
});
