import { NotFoundError } from '@backstage/errors';
import type {
  ModelRegistryError,
  ModelVersionSummary,
  RegisteredModelSummary,
  TrainingRunSummary,
} from '@internal/plugin-mlops-common';
import {
  checkAlias,
  checkModelName,
  isRunId,
  versionsFilter,
} from './mlflowNames';
import {
  byVersionDescending,
  isoTime,
  toRunSummary,
  toVersionSummary,
  WireModelVersion,
  WireRegisteredModel,
  WireRun,
} from './mlflowWire';
import { MlflowAnswer, MlflowExchange, MlflowReply } from './mlflowExchange';

export type { MlflowAnswer } from './mlflowExchange';

/** One MLflow tracking server whose model registry the portal reads. */
export interface MlflowRegistry {
  name: string;
  /** Base URL of the tracking server, e.g. `http://127.0.0.1:5000`. */
  url: string;
  /** For a whole answer, all its requests together. */
  timeoutMs: number;
  /** Sent as `Authorization: Bearer <token>` (Databricks, or a proxy in front of MLflow). */
  token?: string;
  /** Versions per search page; MLflow allows up to 200,000, 100 keeps answers small. */
  pageSize?: number;
  /** Versions read at most; beyond them the answer says `truncated`. */
  maxVersions?: number;
  /** Training runs read at most per model: aliased and staged versions first, then the newest. */
  maxRuns?: number;
}

/**
 * Reads registered models, their versions, aliases and training runs from one
 * MLflow tracking server over its REST API. Bad names throw InputError before
 * any request; a model or alias the registry does not hold throws
 * NotFoundError; every other failure (timeout, unreachable, 401/403, an
 * answer that is not MLflow's) comes back typed, for the answer's `sources`.
 */
export class MlflowClient {
  constructor(
    readonly registry: MlflowRegistry,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  /** The model, every version (paged, newest first) and the runs of the versions that matter. */
  async registeredModel(
    name: string,
    signal?: AbortSignal,
  ): Promise<MlflowAnswer<RegisteredModelSummary>> {
    const filter = versionsFilter(checkModelName(name));
    const ex = new MlflowExchange(this.registry, this.fetchFn, signal);
    const got = await ex.get<{ registered_model?: WireRegisteredModel }>(
      '/api/2.0/mlflow/registered-models/get',
      { name },
    );
    if (!got.ok) return this.notFoundOr(ex, got, `Registered model '${name}'`);
    const model = got.body.registered_model;
    if (!model?.name) return ex.failed(this.badBody('registered-models/get'));

    const aliases = new Map<string, string[]>();
    for (const { alias, version } of model.aliases ?? []) {
      aliases.set(version, [...(aliases.get(version) ?? []), alias]);
    }
    const listed = await this.searchVersions(ex, filter);
    if (!listed.ok)
      return this.notFoundOr(ex, listed, `Registered model '${name}'`);
    const versions = listed.body.versions
      .map(v => toVersionSummary(v, aliases))
      .sort(byVersionDescending);
    await this.attachRuns(ex, versions);
    return ex.answer({
      registry: this.registry.name,
      name: model.name,
      description: model.description || undefined,
      createdAt: isoTime(model.creation_timestamp) ?? '',
      updatedAt: isoTime(model.last_updated_timestamp) ?? '',
      aliases: Object.fromEntries(
        (model.aliases ?? []).map(a => [a.alias, a.version]),
      ),
      versions,
      truncated: listed.body.truncated,
    });
  }

  /** The version an alias points at (`GET registered-models/alias`), with its run. */
  async versionByAlias(
    name: string,
    alias: string,
    signal?: AbortSignal,
  ): Promise<MlflowAnswer<ModelVersionSummary>> {
    checkModelName(name);
    checkAlias(alias);
    const ex = new MlflowExchange(this.registry, this.fetchFn, signal);
    const got = await ex.get<{ model_version?: WireModelVersion }>(
      '/api/2.0/mlflow/registered-models/alias',
      { name, alias },
    );
    // MLflow answers an unknown alias with 400 INVALID_PARAMETER_VALUE, an unknown model with 404.
    if (
      !got.ok &&
      got.status === 400 &&
      /alias .* not found/i.test(got.wire?.message ?? '')
    ) {
      throw new NotFoundError(
        `Registered model '${name}' has no alias '${alias}' in MLflow registry '${this.registry.name}'`,
      );
    }
    if (!got.ok) return this.notFoundOr(ex, got, `Registered model '${name}'`);
    const wire = got.body.model_version;
    if (!wire?.version)
      return ex.failed(this.badBody('registered-models/alias'));
    const version = toVersionSummary(wire, new Map());
    await this.attachRuns(ex, [version]);
    return ex.answer(version);
  }

  private async searchVersions(
    ex: MlflowExchange,
    filter: string,
  ): Promise<
    MlflowReply<{ versions: WireModelVersion[]; truncated: boolean }>
  > {
    const pageSize = this.registry.pageSize ?? 100;
    const maxVersions = this.registry.maxVersions ?? 500;
    const versions: WireModelVersion[] = [];
    let pageToken: string | undefined;
    do {
      const params: Record<string, string> = {
        filter,
        max_results: `${Math.min(pageSize, maxVersions - versions.length)}`,
      };
      if (pageToken) params.page_token = pageToken;
      const page = await ex.get<{
        model_versions?: WireModelVersion[];
        next_page_token?: string;
      }>('/api/2.0/mlflow/model-versions/search', params);
      if (!page.ok) return page;
      versions.push(...(page.body.model_versions ?? []));
      pageToken = page.body.next_page_token || undefined;
    } while (pageToken && versions.length < maxVersions);
    return { ok: true, body: { versions, truncated: Boolean(pageToken) } };
  }

  /** Reads the runs of the versions that matter most; a run that cannot be read is named, not fatal. */
  private async attachRuns(
    ex: MlflowExchange,
    versions: ModelVersionSummary[],
  ) {
    const marked = (v: ModelVersionSummary) =>
      v.aliases.length > 0 || v.stage !== undefined;
    const chosen = [
      ...versions.filter(marked),
      ...versions.filter(v => !marked(v)),
    ]
      .filter(v => v.runId)
      .slice(0, this.registry.maxRuns ?? 5);
    await Promise.all(
      chosen.map(async version => {
        const runId = version.runId!;
        if (!isRunId(runId)) {
          version.runProblem = `Run id '${runId.slice(
            0,
            80,
          )}' is not one this portal reads`;
          return;
        }
        const run = await this.run(ex, runId);
        if ('problem' in run) version.runProblem = run.problem;
        else version.run = run;
      }),
    );
  }

  private async run(
    ex: MlflowExchange,
    runId: string,
  ): Promise<TrainingRunSummary | { problem: string }> {
    const got = await ex.get<{ run?: WireRun }>('/api/2.0/mlflow/runs/get', {
      run_id: runId,
    });
    if (!got.ok) {
      return got.wire?.error_code === 'RESOURCE_DOES_NOT_EXIST'
        ? {
            problem: `Run '${runId}' no longer exists in MLflow registry '${this.registry.name}'`,
          }
        : { problem: got.error.message };
    }
    if (!got.body.run?.info)
      return { problem: this.badBody('runs/get').message };
    return toRunSummary(got.body.run);
  }

  /** NotFoundError for MLflow's RESOURCE_DOES_NOT_EXIST; the typed error otherwise. */
  private notFoundOr<T>(
    ex: MlflowExchange,
    reply: MlflowReply<unknown> & { ok: false },
    what: string,
  ): MlflowAnswer<T> {
    if (reply.wire?.error_code === 'RESOURCE_DOES_NOT_EXIST') {
      throw new NotFoundError(
        `${what} not found in MLflow registry '${this.registry.name}'`,
      );
    }
    return ex.failed(reply.error);
  }

  private badBody(endpoint: string): ModelRegistryError {
    return {
      kind: 'bad-response',
      message: `MLflow registry '${this.registry.name}' answered ${endpoint} without the expected fields`,
    };
  }
}
