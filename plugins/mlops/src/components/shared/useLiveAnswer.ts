import { MlopsSignalMessage } from '@internal/plugin-mlops-common';
import { useSignal } from '@backstage/plugin-signals-react';
import { DependencyList, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';

/** Without signals, how often an open page asks again. */
export const FALLBACK_POLL_MS = 30_000;
/** With signals, a slow safety net in case one is lost. */
export const SAFETY_POLL_MS = 5 * 60_000;

/** An answer that is fetched again when the backend signals a change on `channel`. */
export interface LiveAnswer<T> {
  value?: T;
  error?: Error;
  loading: boolean;
  retry: () => void;
  /** When the answer on screen was fetched. */
  updatedAt?: Date;
  /** True while changes arrive over signals; false when the page polls. */
  live: boolean;
}

/**
 * `load`'s answer, fetched again when the backend publishes on `channel`
 * (Backstage signals), so that an open page changes when the answer does
 * without polling; polled every 30 s where signals are unavailable.
 */
export function useLiveAnswer<T>(
  load: () => Promise<T>,
  channel: string,
  deps: DependencyList,
): LiveAnswer<T> {
  const { lastSignal, isSignalsAvailable } =
    useSignal<MlopsSignalMessage>(channel);
  const state = useAsyncRetry(load, deps);
  const [updatedAt, setUpdatedAt] = useState<Date>();
  const { value, loading, retry } = state;
  useEffect(() => {
    if (!loading && value !== undefined) setUpdatedAt(new Date());
  }, [value, loading]);
  useEffect(() => {
    if (lastSignal) retry();
    // Only a new signal asks again; `retry` changes with every load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastSignal]);
  useInterval(retry, isSignalsAvailable ? SAFETY_POLL_MS : FALLBACK_POLL_MS);
  return { ...state, updatedAt, live: isSignalsAvailable };
}
