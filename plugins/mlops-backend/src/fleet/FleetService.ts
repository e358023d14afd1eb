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
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { FleetSnapshotStore } from './FleetSnapshotStore';

const CACHE_KEY = 'fleet:view';
/** The kept answer's ETag: tells a replica whether its bytes are current without reading the whole answer. */
const STAMP_KEY = 'fleet:etag';

/**
 * The whole fleet's answer as bytes, made once per answer on each replica:
 * viewers of a fleet of 1,000 services (0.8 MB of JSON) cost no
 * serialisation or compression each.
 */
export interface FleetBody {
  etag: string;
  json: Buffer;
  gzipped: Buffer;
}

/** What a viewer gets: the shared bytes of the whole fleet, or an answer of their own. */
export type FleetAnswer = { body: FleetBody } | { response: FleetResponse };

interface Current {
  view: FleetView;
  body: FleetBody;
}

/**
 * The answer a replica holds as bytes, by the ETag the cache keeps for it;
 * no ETag while it is being read.
 */
interface HeldAnswer {
  etag: string | undefined;
  current: Promise<Current | undefined>;
}

async function currentOf(view: FleetView): Promise<Current> {
  const json = Buffer.from(JSON.stringify(view));
  const hash = createHash('sha256').update(json).digest('base64url');
  return {
    view,
    body: {
      etag: `"fleet-${hash.slice(0, 22)}"`,
      json,
      gzipped: await promisify(gzip)(json),
    },
  };
}

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
  private latest?: HeldAnswer;

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
    const current = await currentOf(view);
    await this.store(current);
    this.latest = {
      etag: current.body.etag,
      current: Promise.resolve(current),
    };
  }

  private async store({ view, body }: Current): Promise<void> {
    const ttl = this.options.cacheTtlMs;
    await this.options.cache.set(CACHE_KEY, view as unknown as JsonValue, {
      ttl,
    });
    await this.options.cache.set(STAMP_KEY, body.etag, { ttl });
  }

  async getFleet(
    credentials: BackstageCredentials<
      BackstageUserPrincipal | BackstageServicePrincipal
    >,
  ): Promise<FleetAnswer> {
    const current = await this.current();
    if (!current) {
      return {
        response: {
          state: 'pending',
          message:
            'The fleet is being computed for the first time; it appears here within one run of the fleet task (mlops.fleet.frequency).',
        },
      };
    }
    const [decision] = await this.options.permissions.authorize(
      [{ permission: mlopsFleetReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) {
      return { body: current.body };
    }
    if (credentials.principal.type !== 'user') {
      return { response: ownView(current.view, new Set()) };
    }
    const { ownershipEntityRefs } = await this.options.userInfo.getUserInfo(
      credentials as BackstageCredentials<BackstageUserPrincipal>,
    );
    return {
      response: ownView(
        current.view,
        new Set(ownershipEntityRefs.map(r => r.toLocaleLowerCase('en-US'))),
      ),
    };
  }

  /**
   * The current answer with its bytes: this replica's own while the cache
   * still holds its ETag, else read (cache, then database) and made into
   * bytes once for all the viewers asking meanwhile.
   */
  private async current(): Promise<Current | undefined> {
    const stamp = await this.options.cache.get(STAMP_KEY);
    const held = this.latest;
    if (held && (held.etag === undefined || held.etag === stamp)) {
      return held.current;
    }
    const reading: HeldAnswer = {
      etag: undefined,
      current: this.read(),
    };
    this.latest = reading;
    const forget = () => {
      if (this.latest === reading) this.latest = undefined;
    };
    reading.current.then(c => {
      if (c) reading.etag = c.body.etag;
      else forget();
    }, forget);
    return reading.current;
  }

  private async read(): Promise<Current | undefined> {
    const kept = await this.options.cache.get(CACHE_KEY);
    if (kept) return currentOf(kept as unknown as FleetView);
    const stored = await this.options.snapshots.load();
    if (!stored) return undefined;
    const current = await currentOf(stored);
    await this.store(current);
    return current;
  }
}
