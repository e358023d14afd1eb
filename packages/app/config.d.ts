export interface Config {
  /** Settings of the MLOps Portal app itself. */
  portal?: {
    signIn?: {
      /**
       * Sign-in choices offered on the sign-in page, in order: `guest`
       * (local development only) and `github`. `oauth2Proxy`, for a portal
       * behind oauth2-proxy, signs in the user the proxy forwards (the auth
       * backend's oauth2Proxy provider) without a sign-in page; it must be the
       * only entry, and the page shows an error when it is combined with others.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'github' | 'oauth2Proxy'>;
    };
  };
}
