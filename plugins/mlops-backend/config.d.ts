import { HumanDuration } from '@backstage/types';

/** A series of a metric profile, with label matchers on top of the entity's scope. */
type MetricSeries = {
  metric: string;
  matchers?: Array<{
    label: string;
    op: '=' | '!=' | '=~' | '!~';
    value: string;
  }>;
};

export interface Config {
  /** The MLOps Portal's own plugins. */
  mlops?: {
    prometheus?: {
      /**
       * Prometheus instances holding model-serving metrics. The clusters
       * themselves come from the kubernetes plugin's `kubernetes:` config.
       */
      instances?: Array<{
        /** Name used in annotations (prometheus.io/service-name) and messages. */
        name: string;
        /** Base URL of the HTTP API, e.g. http://prometheus:9090. */
        url: string;
        /** Names of the clusters (as under `kubernetes:`) this instance holds metrics of. All clusters when absent. */
        clusters?: string[];
        /** Label carrying the cluster name on every series; when set, queries keep to the entity's clusters. */
        clusterLabel?: string;
        /** Timeout of every query (default 5s), e.g. '5s' or { seconds: 5 }. */
        timeout?: HumanDuration | string;
        /** Base URL that browsers open for graph links; no Prometheus links when absent. */
        externalUrl?: string;
        /** A header sent with every query, e.g. Authorization: Bearer ${PROMETHEUS_TOKEN}. */
        auth?: {
          /** Header name (default Authorization). */
          header?: string;
          /**
           * Header value.
           * @visibility secret
           */
          value: string;
        };
      }>;
    };
    /** The Autoscaling tab: HPAs, their scaling history and replicas (docs/autoscaling.md). */
    autoscaling?: {
      /** How long an answer is shared between viewers (default 15s). */
      cacheTtl?: HumanDuration | string;
      /** Most scaling events in one answer (default 200). */
      eventsLimit?: number;
      /** The scheduled task that keeps HPA Events and desired-replica changes in the plugin's database. */
      history?: {
        /** How long scaling events are kept (default 30 days, at least 1 hour). */
        retention?: HumanDuration | string;
        /** How often the task reads every cluster's HPAs and their Events (default 1 minute). */
        frequency?: HumanDuration | string;
        /** Timeout of the task's list calls, which cover whole clusters (default 30s). */
        timeout?: HumanDuration | string;
        /**
         * Longest run of the task (default 5 minutes). A replica that dies
         * mid-run holds the task this long (plus up to a minute until the
         * scheduler's janitor frees it) before another replica runs it.
         */
        runTimeout?: HumanDuration | string;
      };
    };
    /**
     * The Delivery tab: a service's Argo Rollouts with their steps,
     * revisions and AnalysisRuns, its plain Deployments' revisions, and the
     * registered model versions the revisions serve.
     */
    delivery?: {
      /** How long an answer is shared between viewers (default 15s). */
      cacheTtl?: HumanDuration | string;
      /**
       * Window of each Rollout revision's requests/s, 5xx share and p95
       * latency side by side, a Prometheus duration (default 5m).
       */
      sloWindow?: string;
    };
    /** Where the model versions that model services serve are registered. */
    modelRegistry?: {
      /** An MLflow tracking server's model registry (REST API 2.0). */
      mlflow?: {
        /** Base URL of the tracking server, e.g. http://mlflow.mlflow.svc:5000. */
        baseUrl: string;
        /** Name shown on the pages and in source reports (default mlflow). */
        name?: string;
        /**
         * Base URL of the MLflow UI that browsers open (default baseUrl);
         * links go to <uiUrl>/#/models/<name> and .../versions/<version>.
         */
        uiUrl?: string;
        /** Timeout of one answer, all its requests together (default 5s). */
        timeout?: HumanDuration | string;
        /** How long a registered model's answer is shared between viewers (default 1 minute; failures are not kept). */
        cacheTtl?: HumanDuration | string;
        /**
         * Sent as `Authorization: Bearer <token>` (Databricks, or a proxy in front of MLflow).
         * @visibility secret
         */
        token?: string;
      };
    };
    /**
     * The fleet page (docs/fleet.md): every model service, team and GPU pool,
     * computed by one scheduled task (one backend replica at a time) and
     * served to every viewer from the plugin's cache and database.
     */
    fleet?: {
      /** How often the fleet is computed (default 30s); open pages update over signals when it changes. */
      frequency?: HumanDuration | string;
      /** Longest run of the task (default 2 minutes). */
      timeout?: HumanDuration | string;
      /**
       * Timeout of each of the task's Prometheus queries (default 30s, or the
       * instance's timeout when longer): they cover the whole fleet.
       */
      queryTimeout?: HumanDuration | string;
      /**
       * What a GPU-hour costs per GPU model (the node label
       * nvidia.com/gpu.product). The example config ships cloud list prices;
       * set your own negotiated or amortised rates. GPU models without a
       * price are named on the page and cost nothing in the totals.
       */
      gpuPrices?: {
        /** ISO 4217 code (default USD). */
        currency?: string;
        /** Price per GPU-hour by GPU model, e.g. `NVIDIA-A100-SXM4-80GB: 4.1`. */
        perGpuHour?: { [gpuModel: string]: number };
      };
    };
    /** The GPU jobs tab: Jobs whose pods ask for GPUs, their utilisation and GPU-hours (docs/gpu-jobs.md). */
    gpuJobs?: {
      /**
       * Extended resources counted as GPUs besides nvidia.com/gpu, e.g.
       * amd.com/gpu. MIG slices (nvidia.com/mig-3g.40gb) count without being
       * listed, as their share of a GPU.
       */
      gpuResources?: string[];
      /** A running job is idle when all its GPUs stay below the threshold for the whole window. */
      idle?: {
        /** Utilisation in percent below which a GPU counts as idle (default 5). */
        utilisationPercent?: number;
        /** How long it must stay below, whole minutes (default 30m). */
        for?: HumanDuration | string;
      };
      /** How long an answer is shared between viewers (default 15s). */
      cacheTtl?: HumanDuration | string;
      /** Days of history and GPU-hours when the request names none (default 7). */
      defaultDays?: number;
      /**
       * The history of every GPU Job and its pods in the plugin's database:
       * recorded from a watch, with a scheduled re-list as the safety net.
       */
      history?: {
        /** How long finished jobs are kept (default 90 days, at least 1 day). */
        retention?: HumanDuration | string;
        /**
         * How often the re-list lists every cluster's Jobs and pods (default
         * 10 minutes): it records what the watch missed while no replica
         * watched, with estimated ends.
         */
        frequency?: HumanDuration | string;
        /** Timeout of the task's list calls, which cover whole clusters (default 60s). */
        timeout?: HumanDuration | string;
        /**
         * Longest run of the task (default 5 minutes). A replica that dies
         * mid-run holds the task this long (plus up to a minute until the
         * scheduler's janitor frees it) before another replica runs it.
         */
        runTimeout?: HumanDuration | string;
        /**
         * The watch of every cluster's Jobs, Job pods and nodes, on one
         * backend replica at a time (a lease in the plugin's database).
         */
        watch?: {
          /** Off, only the re-list records history (default true). */
          enabled?: boolean;
          /**
           * How long a replica that stops renewing keeps the watch before
           * another takes over (default 15s; renewed every third of it).
           */
          leaseTtl?: HumanDuration | string;
          /** How often what the watch saw is written (default 1s). */
          flushInterval?: HumanDuration | string;
          /**
           * How often running pods are recorded as still running (default
           * 30s): the error bound of a pod's estimated end when the watch
           * stops unseen.
           */
          heartbeat?: HumanDuration | string;
        };
      };
      /** Labels of the DCGM exporter's series that name the pod (defaults namespace and pod). */
      dcgm?: {
        namespaceLabel?: string;
        podLabel?: string;
      };
      /**
       * Link to a pod's logs; {cluster}, {namespace}, {pod} and {container} are replaced.
       * @visibility backend
       */
      logsUrlTemplate?: string;
    };
    /**
     * The stock Kubernetes tab (the kubernetes plugin's `/services/:name` and
     * `/resources/workloads/query`), bounded per cluster by this plugin's
     * kubernetes module: a cluster that does not answer in time is named in
     * the tab's errors and the other clusters are shown.
     */
    kubernetesTab?: {
      /** Whether the tab's calls are bounded per cluster at all (default true; false leaves the stock plugin as it is). */
      boundClusterCalls?: boolean;
      /** How long one cluster may take to answer one call of the tab (default 5s). */
      clusterTimeout?: HumanDuration | string;
      /**
       * How long a cluster that did not answer is answered for by that
       * failure, unless its late answer comes first (default 30s).
       */
      retryAfter?: HumanDuration | string;
    };
    /**
     * Bounds on every Kubernetes list the plugin makes: lists are read in
     * pages, and a list that crosses its ceiling stops and is reported as
     * the cluster's 'too-many-objects' error instead of being held in memory.
     */
    limits?: {
      /** Objects asked for per request, the list's `limit` (default 500). */
      pageSize?: number;
      /** Most objects one list of one object type on one cluster may hold for a page view (default 5000). */
      maxObjectsPerRead?: number;
      /** Most objects one run of a scheduled collector may read across all clusters (default 100000). */
      maxObjectsPerCollectorRun?: number;
    };
    serving?: {
      /** How long an answer is shared between viewers (default 15s). */
      cacheTtl?: HumanDuration | string;
      /** Timeout of every call to a cluster (default 5s). */
      kubernetesTimeout?: HumanDuration | string;
      /** Window of the availability objective in days (default 30). */
      sloWindowDays?: number;
      /** Profile used when none is annotated and none is detected (default template). */
      defaultProfile?: string;
      /** Objectives of entities without mlops-portal.io/slo-* annotations. */
      objectives?: {
        /** Availability in percent (default 99.9). */
        availabilityPercent?: number;
        /** p95 latency in milliseconds (default 300). */
        latencyP95Ms?: number;
      };
      thresholds?: {
        /** Share of failed requests over 5 minutes that makes a service degraded (default 0.05). */
        highErrorRatio?: number;
        /** Share of failed requests over 5 minutes that makes a service down (default 0.5). */
        criticalErrorRatio?: number;
        /** How far back an OOMKill counts as recent, in minutes (default 15). */
        recentMinutes?: number;
        /** Most pods listed in one answer (default 100). */
        maxPods?: number;
      };
      /**
       * Metric profiles added to (or, with the same id, replacing) the
       * shipped ones: template, kserve, triton, vllm, torchserve, tgi.
       * See docs/serving-health.md for the fields.
       */
      profiles?: Array<{
        id: string;
        title: string;
        detect: string;
        namespaceLabel?: string;
        workloadLabel?: string;
        workloadMatch?: 'exact' | 'pods';
        requests: Array<MetricSeries>;
        errors?: {
          failed: Array<MetricSeries>;
          total?: Array<MetricSeries>;
        };
        latency?: {
          type: 'histogram' | 'summary' | 'mean';
          metric?: string;
          quantileLabel?: string;
          sum?: { metric: string };
          count?: { metric: string };
          unit: 'seconds' | 'milliseconds' | 'microseconds';
        };
        /** Token-stream figures of an LLM server (docs/serving-health.md). */
        llm?: {
          ttft?: {
            metrics: string[];
            unit: 'seconds' | 'milliseconds' | 'microseconds';
          };
          tpot?: {
            metrics: string[];
            unit: 'seconds' | 'milliseconds' | 'microseconds';
          };
          inputTokens?: Array<MetricSeries>;
          outputTokens?: Array<MetricSeries>;
          running?: {
            series: Array<MetricSeries>;
            over?: MetricSeries;
          };
          waiting?: {
            series: Array<MetricSeries>;
            over?: MetricSeries;
          };
          kvCache?: {
            series: Array<MetricSeries>;
            over?: MetricSeries;
          };
          preemptions?: Array<MetricSeries>;
          notes?: string[];
        };
      }>;
      grafana?: {
        /**
         * Dashboard link of every model service; {{namespace}}, {{workload}}
         * and {{dashboardUid}} (the template chart's dashboard uid) are filled in.
         */
        dashboardUrl?: string;
      };
    };
    /**
     * Which owner holds which namespace on which cluster (docs/tenancy.md).
     * An entity's views read only namespaces its owner holds; nothing is
     * read for an entity whose annotations name any other.
     */
    tenancy?: {
      namespaces?: Array<{
        /** Cluster name or glob (`*` for any run of characters); default `*`. */
        cluster?: string;
        /** Namespace name or glob, e.g. `fraud-ml` or `fraud-*`. */
        namespace: string;
        /** Entity refs of the owners, e.g. `group:default/fraud-ml` (kind defaults to group). */
        owners: string[];
      }>;
      /** Groups that may read every team's views and the fleet-wide ones. */
      platformGroups?: string[];
    };
    /**
     * The local sandbox (sandbox/) of a development checkout: its clusters
     * (as named under `kubernetes:`) and Prometheus instances. When one of
     * them refuses the connection or times out, answers mark it
     * `localSandboxDown` and the pages show one line with `startCommand`
     * instead of the source's error. Set only in the local defaults
     * (app-config.yaml), never in a deployment's config.
     */
    localSandbox?: {
      /** The command that starts the sandbox, shown on the pages, e.g. ./scripts/start.sh. */
      startCommand: string;
      /** Names of the sandbox's clusters, as under `kubernetes:`. */
      clusters?: string[];
      /** Names of the sandbox's instances under mlops.prometheus.instances. */
      prometheus?: string[];
      /** Names of the sandbox's instances under mlops.alerts.alertmanagers. */
      alertmanagers?: string[];
      /** Names of the sandbox's model registries under mlops.modelRegistry (mlflow). */
      mlflow?: string[];
    };
    /** Firing alerts on the serving health card (docs/runbooks.md). */
    alerts?: {
      /** How long a source's alerts are shared between viewers (default 15s). */
      cacheTtl?: HumanDuration | string;
      /** Label that names the service (its backstage.io/kubernetes-id) on its alerts (default service). */
      serviceLabel?: string;
      /** Label that holds the namespace on its alerts (default namespace). */
      namespaceLabel?: string;
      /**
       * Other base URLs of this portal (besides app.baseUrl) that alert
       * rules use in runbook_url; links under them open inside the portal.
       */
      portalBaseUrls?: string[];
      /** When set, alerts come from these Alertmanagers instead of Prometheus. */
      alertmanagers?: Array<{
        /** Name used in messages. */
        name: string;
        /** Base URL of its API, e.g. http://alertmanager:9093. */
        url: string;
        /** Timeout of every request (default 5s). */
        timeout?: HumanDuration | string;
        /** A header sent with every request. */
        auth?: {
          /** Header name (default Authorization). */
          header?: string;
          /**
           * Header value.
           * @visibility secret
           */
          value: string;
        };
      }>;
    };
  };
}
