export { signInModule } from './signInPage';
