export interface Config {
  scaffolder?: {
    defaultEnvironment?: {
      parameters?: {
        /**
         * The portal's URL as users open it. The model-service template
         * points the runbook links of generated alerts and catalog entries
         * at `<portalBaseUrl>/docs/...`; `http://localhost:3000` when unset.
         */
        portalBaseUrl?: string;
      };
    };
  };
}
