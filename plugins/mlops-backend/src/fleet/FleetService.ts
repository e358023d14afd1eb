import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  CacheService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  FleetResponse,
  FleetView,
  mlopsFleetReadPermission,
} from '@internal/plugin-mlops-common';
import { FleetSnapshotStore } from './FleetSnapshotStore';

const CACHE_KEY = 'fleet:view';

/** The part of the fleet a viewer who is not in a platform group sees: what their groups own. */
export function ownView(
  view: FleetView,
  owners: ReadonlySet<string>,
): FleetView {
  const mine = (owner: string | null) => owner !== null && owners.has(owner);
  return {
    ...view,
    services: view.services.filter(s => mine(s.owner)),
    teams: view.teams.filter(t => mine(t.owner)),
    gpus: {
      ...view.gpus,
      pools: [],
      pendingJobs: view.gpus.pendingJobs.filter(j => mine(j.team)),
      services: view.gpus.services.filter(s => mine(s.owner)),
    },
    sources: [],
    wholeFleet: false,
  };
}

/**
 * Serves the fleet answer the scheduled task computed: from the plugin's
 * cache, else from the database (the task ran on another replica, or
 * before a restart). Platform groups (mlops.fleet.read) see the whole
 * fleet; other users the services their groups own.
 */
export class FleetService {
  constructor(
    private readonly options: {
      cache: CacheService;
      snapshots: FleetSnapshotStore;
      permissions: PermissionsService;
      userInfo: UserInfoService;
      /** How long a replica keeps the answer before it reads the database again. */
      cacheTtlMs: number;
    },
  ) {}

  /** Keeps a newly computed answer for this replica's viewers. */
  async keep(view: FleetView): Promise<void> {
    await this.options.cache.set(CACHE_KEY, view as unknown as JsonValue, {
      ttl: this.options.cacheTtlMs,
    });
  }

  async getFleet(
    credentials: BackstageCredentials<
      BackstageUserPrincipal | BackstageServicePrincipal
    >,
  ): Promise<FleetResponse> {
    const view = await this.current();
    if (!view) {
      return {
        state: 'pending',
        message:
          'The fleet is being computed for the first time; it appears here within one run of the fleet task (mlops.fleet.frequency).',
      };
    }
    const [decision] = await this.options.permissions.authorize(
      [{ permission: mlopsFleetReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return view;
    if (credentials.principal.type !== 'user') return ownView(view, new Set());
    const { ownershipEntityRefs } = await this.options.userInfo.getUserInfo(
      credentials as BackstageCredentials<BackstageUserPrincipal>,
    );
    return ownView(
      view,
      new Set(ownershipEntityRefs.map(r => r.toLocaleLowerCase('en-US'))),
    );
  }

  private async current(): Promise<FleetView | undefined> {
    const kept = await this.options.cache.get(CACHE_KEY);
    if (kept) return kept as unknown as FleetView;
    const stored = await this.options.snapshots.load();
    if (stored) await this.keep(stored);
    return stored;
  }
}
