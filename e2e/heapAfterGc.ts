/**
 * The heap a Node process still uses after a full garbage collection, read
 * through its inspector (started with `--inspect=127.0.0.1:PORT`) over the
 * Chrome DevTools Protocol: RSS alone cannot tell kept memory from garbage
 * that V8 has not collected yet.
 */
export async function heapAfterGcMiB(inspectorPort: number): Promise<number> {
  const targets = (await (
    await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)
  ).json()) as Array<{ webSocketDebuggerUrl: string }>;
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let id = 0;
  const call = (method: string) =>
    new Promise<Record<string, number>>((resolve, reject) => {
      const mine = ++id;
      socket.onmessage = event => {
        const message = JSON.parse(String(event.data));
        if (message.id !== mine) return;
        if (message.error) reject(new Error(message.error.message));
        else resolve(message.result);
      };
      socket.send(JSON.stringify({ id: mine, method }));
    });
  try {
    await call('HeapProfiler.enable');
    await call('HeapProfiler.collectGarbage');
    const { usedSize } = await call('Runtime.getHeapUsage');
    return Math.round(usedSize / 1024 / 1024);
  } finally {
    socket.close();
  }
}
