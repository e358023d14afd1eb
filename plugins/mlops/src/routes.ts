import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The model fleet page. @public */
export const fleetRouteRef = createRouteRef();
