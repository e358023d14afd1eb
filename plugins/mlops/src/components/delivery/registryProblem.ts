import {
  DeliveryModelRegistry,
  SourceErrorKind,
} from '@internal/plugin-mlops-common';

/** What went wrong with the model registry, and what to do about it. */
export interface RegistryProblem {
  /** Names the registry, e.g. "MLflow 'sandbox' is unreachable". */
  title: string;
  /** The registry client's own message. */
  detail: string | null;
  hint: string;
}

const CONFIG_KEY = 'mlops.modelRegistry.mlflow';

const BY_KIND: Record<SourceErrorKind, { says: string; hint: string }> = {
  timeout: {
    says: 'answered too slowly',
    hint: 'The versions return once it answers in time; raise its timeout if it is always slow.',
  },
  unreachable: {
    says: 'is unreachable',
    hint: `Check that the tracking server is running and that the portal can reach its URL (${CONFIG_KEY}).`,
  },
  unauthorized: {
    says: 'refused the portal’s credentials',
    hint: `Renew its token (${CONFIG_KEY}).`,
  },
  forbidden: {
    says: 'forbids the portal to read its model registry',
    hint: 'Grant the portal’s token read access to the registered model.',
  },
  'bad-response': {
    says: 'gave an answer the portal does not understand',
    hint: 'Check that its URL is the tracking server’s base URL; the portal’s log says more.',
  },
  'unsupported-auth': {
    says: 'asks for a sign-in the portal does not support',
    hint: `Give the portal a bearer token for it (${CONFIG_KEY}).`,
  },
  'not-configured': {
    says: 'is not configured',
    hint: `Add it to app-config (${CONFIG_KEY}).`,
  },
  'too-many-objects': {
    says: 'holds more versions than the portal reads',
    hint: 'Only the newest versions are shown.',
  },
};

/* MLflow's RESOURCE_DOES_NOT_EXIST, as the registry client words it. */
const NOT_FOUND = /not found|does not exist|no registered model/i;

/**
 * Why the registry part of the delivery answer is missing, naming the
 * registry and the model; null when the registry answered.
 */
export function registryProblem(
  registry: DeliveryModelRegistry,
): RegistryProblem | null {
  const name = `MLflow '${registry.registry}'`;
  const { error } = registry;
  if (!error) {
    return registry.registeredModel
      ? null
      : {
          title: `${name} gave no answer about '${registry.model}'`,
          detail: null,
          hint: 'The served versions are listed without their details.',
        };
  }
  if (NOT_FOUND.test(error.message)) {
    return {
      title: `${name} holds no registered model '${registry.model}'`,
      detail: error.message,
      hint: 'Register the model under this name, or name it with the annotation mlops-portal.io/mlflow-registered-model.',
    };
  }
  const known = BY_KIND[error.kind] ?? {
    says: 'gave no answer',
    hint: 'The portal’s log says why.',
  };
  return {
    title: `${name} ${known.says}`,
    detail: error.message,
    hint: known.hint,
  };
}
