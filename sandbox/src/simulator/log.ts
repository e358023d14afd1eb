/** Concise, timestamped log lines on stderr, with "say it once" for repeated failures. */
export interface SimulatorLogger {
  info(message: string): void;
  warn(message: string): void;
  /** Logs only the first time `key` is seen until `clear(key)`. Returns whether it logged. */
  once(key: string, message: string): boolean;
  /** Forgets `key`; returns whether it had been logged (useful for "recovered" lines). */
  clear(key: string): boolean;
}

export function createLogger(
  write: (line: string) => void = line => process.stderr.write(`${line}\n`),
  now: () => Date = () => new Date(),
): SimulatorLogger {
  const seen = new Set<string>();
  const emit = (level: string, message: string) =>
    write(`${now().toISOString()} ${level} ${message}`);
  return {
    info: message => emit('info', message),
    warn: message => emit('warn', message),
    once(key, message) {
      if (seen.has(key)) {
        return false;
      }
      seen.add(key);
      emit('warn', message);
      return true;
    },
    clear: key => seen.delete(key),
  };
}
