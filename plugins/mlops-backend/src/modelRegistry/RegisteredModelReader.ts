import { InputError, NotFoundError } from '@backstage/errors';
import {
  ANNOTATION_MLFLOW_REGISTERED_MODEL,
  RegisteredModelSummary,
} from '@internal/plugin-mlops-common';
import { SharedAnswers } from '../shared/SharedAnswers';
import { MlflowConfig } from './config';
import { MlflowAnswer, MlflowClient } from './MlflowClient';

/**
 * A registered model from the configured MLflow registry, shared between
 * viewers for `cacheTtl` (a model the registry does not hold too; failures
 * are not kept). Never throws: a name the registry cannot hold and a model
 * it does not hold come back as typed `not-configured` errors naming the
 * annotation, every other failure typed as well.
 */
export class RegisteredModelReader {
  constructor(
    private readonly answers: SharedAnswers,
    readonly config: MlflowConfig,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  /** The registry's configured name. */
  get name(): string {
    return this.config.registry.name;
  }

  /** The model's page in the registry's UI. */
  modelUrl(model: string): string {
    return `${this.config.uiUrl.replace(
      /\/+$/,
      '',
    )}/#/models/${encodeURIComponent(model)}`;
  }

  /** A version's page in the registry's UI. */
  versionUrl(model: string, version: string): string {
    return `${this.modelUrl(model)}/versions/${encodeURIComponent(version)}`;
  }

  /** The model's answer; one served from the cache cost no request. */
  async registeredModel(
    model: string,
    signal?: AbortSignal,
  ): Promise<MlflowAnswer<RegisteredModelSummary>> {
    const { value, hit } = await this.answers.value<
      MlflowAnswer<RegisteredModelSummary>
    >(
      `mlflow:${this.name}:${model}`,
      a =>
        a.ok || a.error.kind === 'not-configured' ? this.config.cacheTtlMs : 0,
      () => this.read(model, signal),
    );
    return hit ? { ...value, requests: 0, durationMs: 0 } : value;
  }

  private async read(
    model: string,
    signal?: AbortSignal,
  ): Promise<MlflowAnswer<RegisteredModelSummary>> {
    let requests = 0;
    const counting: typeof fetch = (input, init) => {
      requests += 1;
      return this.fetchFn(input, init);
    };
    const started = Date.now();
    try {
      return await new MlflowClient(
        this.config.registry,
        counting,
      ).registeredModel(model, signal);
    } catch (error) {
      const named =
        error instanceof InputError || error instanceof NotFoundError;
      return {
        ok: false,
        error: named
          ? {
              kind: 'not-configured',
              message: `${error.message}; set the annotation ${ANNOTATION_MLFLOW_REGISTERED_MODEL} to the model's name in MLflow registry '${this.name}'`,
            }
          : {
              kind: 'bad-response',
              message: `MLflow registry '${this.name}' could not be read: ${
                (error as Error).message
              }`,
            },
        requests,
        durationMs: Date.now() - started,
      };
    }
  }
}
