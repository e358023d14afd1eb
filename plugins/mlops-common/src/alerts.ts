import { CompoundEntityRef } from '@backstage/catalog-model';
import { entityPath } from './paths';
import { EntityNotConfigured, SourceReport } from './answers';

/** Where an alert's runbook is, or why it has none. @public */
export type AlertRunbook =
  | {
      /** The `runbook_url` annotation as the rule gives it. */
      url: string;
      /** Path inside this portal (e.g. `/docs/default/component/x/runbooks/y/`) when the URL points at it. */
      portalPath?: string;
    }
  | {
      url?: undefined;
      /** Why there is no usable link: `missing` (no annotation) or `invalid` (not an http(s) URL). */
      problem: 'missing' | 'invalid';
    };

/** A silence of Alertmanager that holds an alert back. @public */
export interface AlertSilence {
  id: string;
  /** Author, end and comment are missing when Alertmanager's silences could not be read. */
  createdBy?: string;
  endsAt?: string;
  comment?: string;
}

/** An alert whose firing holds another one back (an inhibit rule). @public */
export interface AlertInhibitor {
  fingerprint: string;
  /** Its alertname, when that alert is among the entity's alerts. */
  name?: string;
}

/** Why Alertmanager holds an alert back (its `suppressed` state). @public */
export interface AlertSuppression {
  silencedBy: AlertSilence[];
  inhibitedBy: AlertInhibitor[];
}

/** One alert of an entity, as Prometheus or Alertmanager reports it. @public */
export interface FiringAlert {
  name: string;
  state: 'firing' | 'pending';
  /** The `severity` label; `none` when the rule sets none. */
  severity: string;
  /** Since when the alert is active (pending, then firing); null when unknown. */
  activeAt: string | null;
  summary?: string;
  description?: string;
  runbook: AlertRunbook;
  labels: Record<string, string>;
  /** The Prometheus or Alertmanager that reported it, by configured name. */
  source: string;
  /** Set by Alertmanager only, on an alert it silences or inhibits. */
  suppressed?: AlertSuppression;
}

/** The firing and pending alerts of one entity. @public */
export interface EntityAlerts {
  state: 'ok';
  entityRef: string;
  /** The labels an alert must carry to belong to the entity. */
  matchers: Record<string, string>;
  /** Firing first, then pending, then silenced or inhibited; each by severity and age. */
  alerts: FiringAlert[];
  sources: SourceReport[];
  cached: boolean;
}

/** Answer of the alerts endpoint. @public */
export type EntityAlertsResponse = EntityAlerts | EntityNotConfigured;

/** Path (below the plugin's base URL) of an entity's alerts. @public */
export function entityAlertsPath(ref: CompoundEntityRef): string {
  return `/entities/${entityPath(ref)}/alerts`;
}
