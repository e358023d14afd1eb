/**
 * The part of a KServe `serving.kserve.io/v1beta1` InferenceService the
 * portal reads; field names as in KServe's
 * pkg/apis/serving/v1beta1/inference_service_status.go (with Knative's
 * duck-typed conditions and traffic targets).
 */
export interface KServeInferenceService {
  metadata?: { name?: string; namespace?: string };
  spec?: Record<string, { canaryTrafficPercent?: number } | undefined>;
  status?: {
    conditions?: Array<{
      type?: string;
      status?: string;
      severity?: string;
      lastTransitionTime?: string;
      reason?: string;
      message?: string;
    }>;
    url?: string;
    address?: { url?: string };
    deploymentMode?: string;
    components?: Record<
      string,
      {
        latestCreatedRevision?: string;
        latestReadyRevision?: string;
        latestRolledoutRevision?: string;
        previousRolledoutRevision?: string;
        url?: string;
        traffic?: Array<{
          tag?: string;
          revisionName?: string;
          configurationName?: string;
          latestRevision?: boolean;
          percent?: number;
          url?: string;
        }>;
      }
    >;
    modelStatus?: {
      transitionStatus?: string;
      states?: { activeModelState?: string; targetModelState?: string };
      lastFailureInfo?: {
        reason?: string;
        message?: string;
        modelRevisionName?: string;
        time?: string;
      };
    };
  };
}
