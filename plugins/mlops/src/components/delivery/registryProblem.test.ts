import { DeliveryModelRegistry } from '@internal/plugin-mlops-common';
import { registryProblem } from './registryProblem';

const registry = (
  over: Partial<DeliveryModelRegistry> = {},
): DeliveryModelRegistry => ({
  registry: 'sandbox',
  model: 'fraud-scorer',
  url: 'http://mlflow/#/models/fraud-scorer',
  registeredModel: null,
  served: [],
  ...over,
});

describe('registryProblem', () => {
  it.each`
    kind                | message                                                                 | title
    ${'unreachable'}    | ${"MLflow registry 'sandbox' is unreachable (ECONNREFUSED)"}            | ${"MLflow 'sandbox' is unreachable"}
    ${'timeout'}        | ${"MLflow registry 'sandbox' did not answer within 5000 ms"}            | ${"MLflow 'sandbox' answered too slowly"}
    ${'unauthorized'}   | ${"MLflow registry 'sandbox' refused the credentials (401)"}            | ${"MLflow 'sandbox' refused the portal’s credentials"}
    ${'forbidden'}      | ${"MLflow registry 'sandbox' forbids reading the model registry (403)"} | ${"MLflow 'sandbox' forbids the portal to read its model registry"}
    ${'bad-response'}   | ${"Registered model 'fraud-scorer' not found in MLflow registry 'x'"}   | ${"MLflow 'sandbox' holds no registered model 'fraud-scorer'"}
    ${'not-configured'} | ${'RESOURCE_DOES_NOT_EXIST: Registered Model does not exist'}           | ${"MLflow 'sandbox' holds no registered model 'fraud-scorer'"}
    ${'bad-response'}   | ${"MLflow registry 'sandbox' answered HTTP 502 without JSON"}           | ${"MLflow 'sandbox' gave an answer the portal does not understand"}
  `('$kind "$message" → $title', ({ kind, message, title }) => {
    const problem = registryProblem(registry({ error: { kind, message } }));
    expect(problem?.title).toBe(title);
    expect(problem?.detail).toBe(message);
    expect(problem?.hint).toMatch(/\w/);
  });

  it('is null when the registry answered', () => {
    const registeredModel = {
      registry: 'sandbox',
      name: 'fraud-scorer',
      createdAt: '',
      updatedAt: '',
      aliases: {},
      versions: [],
      truncated: false,
    };
    expect(registryProblem(registry({ registeredModel }))).toBeNull();
  });

  it('says the registry gave nothing when it names no error either', () => {
    expect(registryProblem(registry())?.title).toBe(
      "MLflow 'sandbox' gave no answer about 'fraud-scorer'",
    );
  });
});
