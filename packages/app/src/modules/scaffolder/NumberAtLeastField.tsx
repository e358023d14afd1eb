import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import {
  createFormField,
  ScaffolderField,
} from '@backstage/plugin-scaffolder-react/alpha';

/** `ui:options` of the field: the property of the same step it must reach. */
export type NumberAtLeastOptions = { atLeast: string };

/**
 * The form's own number input with its label and description; only the
 * validation is added. JSON schema cannot compare two fields, e.g. maximum
 * against minimum replicas.
 */
export const NumberAtLeastInput = (
  props: FieldExtensionComponentProps<number, NumberAtLeastOptions>,
) => {
  const { registry, schema, uiSchema, rawErrors, required, disabled } = props;
  const { NumberField } = registry.fields;
  // Without ui:field the input shows its label, as other number fields do.
  const { 'ui:field': _customField, ...numberUiSchema } = uiSchema;
  return (
    <ScaffolderField
      rawDescription={uiSchema['ui:description'] ?? schema.description}
      rawErrors={rawErrors}
      required={required}
      disabled={disabled}
    >
      <NumberField {...props} uiSchema={numberUiSchema} />
    </ScaffolderField>
  );
};

/** Refuses a value below the number held by `ui:options.atLeast`. */
export const validateNumberAtLeast: CustomFieldValidator<
  number,
  NumberAtLeastOptions
> = (value, validation, { formData, uiSchema }) => {
  const other = uiSchema?.['ui:options']?.atLeast;
  const bound = other === undefined ? undefined : formData[other];
  if (typeof value === 'number' && typeof bound === 'number' && value < bound) {
    validation.addError(`must be greater than or equal to ${other} (${bound})`);
  }
};

/** `ui:field: NumberAtLeast` with `ui:options: { atLeast: <property> }`. */
export const numberAtLeastField = createFormField({
  name: 'NumberAtLeast',
  component: NumberAtLeastInput,
  validation: validateNumberAtLeast,
});
