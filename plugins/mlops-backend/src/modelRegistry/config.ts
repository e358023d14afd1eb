import { Config } from '@backstage/config';
import { durationMsAt, httpUrl } from '../config/configValues';
import { MlflowRegistry } from './MlflowClient';

/** `mlops.modelRegistry.mlflow`, with defaults applied. */
export interface MlflowConfig {
  registry: MlflowRegistry;
  /** Base URL of the registry's web UI, for links. */
  uiUrl: string;
  /** How long a registered model's answer is shared (failures are not kept). */
  cacheTtlMs: number;
}

/** The MLflow registry, or undefined when `mlops.modelRegistry.mlflow` is absent. */
export function readMlflowConfig(root: Config): MlflowConfig | undefined {
  const c = root.getOptionalConfig('mlops.modelRegistry.mlflow');
  if (!c) return undefined;
  const what = 'mlops.modelRegistry.mlflow';
  const url = httpUrl(c.getString('baseUrl'), `${what}.baseUrl`);
  const name = c.getOptionalString('name') ?? 'mlflow';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(name)) {
    throw new Error(
      `${what}.name: '${name}' must be up to 63 letters, digits, '.', '_' or '-'`,
    );
  }
  const timeoutMs = durationMsAt(c, 'timeout', { seconds: 5 });
  const cacheTtlMs = durationMsAt(c, 'cacheTtl', { minutes: 1 });
  if (!(timeoutMs > 0) || cacheTtlMs < 0) {
    throw new Error(
      `${what}: timeout must be longer than 0 and cacheTtl not negative`,
    );
  }
  const token = c.getOptionalString('token');
  return {
    registry: { name, url, timeoutMs, ...(token ? { token } : {}) },
    uiUrl: httpUrl(c.getOptionalString('uiUrl') ?? url, `${what}.uiUrl`),
    cacheTtlMs,
  };
}
