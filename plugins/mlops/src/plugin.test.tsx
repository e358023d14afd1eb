import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { entity } from './components/shared/fixtures';
import { deliveryContent } from './plugin';

describe('the Delivery tab', () => {
  it('is added at /delivery to model services only', () => {
    const tester = createExtensionTester(deliveryContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/delivery');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Delivery');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter?.(entity)).toBe(true);
    expect(
      filter?.({ ...entity, spec: { ...entity.spec, type: 'service' } }),
    ).toBe(false);
  });
});
