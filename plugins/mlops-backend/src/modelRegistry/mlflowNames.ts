import { InputError } from '@backstage/errors';

/*
 * What the reader sends to MLflow: checked before any request, so that an
 * annotation cannot smuggle a quote into the search filter or a path.
 */

// Letters, digits, `.`, `_`, `-` and inner spaces: every name MLflow's UI
// makes and Unity Catalog's `catalog.schema.model`; never a quote.
const MODEL_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._ -]{0,254}[A-Za-z0-9._-])?$/;
// MLflow's own rule for aliases, without `latest` and `v<n>`, which it reserves.
const ALIAS = /^[A-Za-z0-9_-]{1,255}$/;
const RESERVED_ALIAS = /^(latest|v\d+)$/i;
const RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Throws InputError unless `name` is a registered model name the reader will ask for. */
export function checkModelName(name: string): string {
  if (!MODEL_NAME.test(name)) {
    throw new InputError(
      `'${name.slice(
        0,
        80,
      )}' is not a registered model name this portal reads: use letters, digits, '.', '_', '-' and inner spaces, at most 256 characters`,
    );
  }
  return name;
}

/** Throws InputError unless `alias` is a valid MLflow alias. */
export function checkAlias(alias: string): string {
  if (!ALIAS.test(alias) || RESERVED_ALIAS.test(alias)) {
    throw new InputError(
      `'${alias.slice(
        0,
        80,
      )}' is not a model alias: use letters, digits, '_' and '-', and neither 'latest' nor 'v<number>'`,
    );
  }
  return alias;
}

/** Whether `runId` looks like a run id; other values are not sent. */
export function isRunId(runId: string): boolean {
  return RUN_ID.test(runId);
}

/** The search filter for every version of a (checked) model name. */
export function versionsFilter(name: string): string {
  return `name='${checkModelName(name)}'`;
}
