export interface Config {
  /** Settings of the MLOps Portal app itself. */
  portal?: {
    signIn?: {
      /**
       * Sign-in choices offered on the sign-in page, in order: `guest`
       * (local development only) and `github`.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'github'>;
    };
  };
}
