import { ApiHolder } from '@backstage/core-plugin-api';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { validateNumberAtLeast } from './NumberAtLeastField';

type FormData = Parameters<typeof validateNumberAtLeast>[2]['formData'];

const apiHolder: ApiHolder = { get: () => undefined };

async function errorsFor(
  value: number,
  formData: FormData,
  options?: { atLeast: string },
) {
  const validation = createFieldValidation();
  await validateNumberAtLeast(value, validation, {
    apiHolder,
    formData,
    schema: { type: 'integer' },
    uiSchema: options ? { 'ui:options': options } : undefined,
  });
  return validation.__errors;
}

describe('validateNumberAtLeast', () => {
  const atMin = { atLeast: 'minReplicas' };

  it.each<[string, number, FormData, { atLeast: string } | undefined]>([
    ['a value above the other field', 6, { minReplicas: 2 }, atMin],
    ['a value equal to the other field', 3, { minReplicas: 3 }, atMin],
    ['any value while the other field is empty', 1, {}, atMin],
    [
      'any value when the other field is not a number',
      1,
      { minReplicas: 'two' },
      atMin,
    ],
    ['any value without ui:options.atLeast', 1, { minReplicas: 5 }, undefined],
  ])('accepts %s', async (_, value, formData, options) => {
    expect(await errorsFor(value, formData, options)).toEqual([]);
  });

  it('refuses a value below the other field, naming it', async () => {
    expect(await errorsFor(3, { minReplicas: 5 }, atMin)).toEqual([
      'must be greater than or equal to minReplicas (5)',
    ]);
  });
});
