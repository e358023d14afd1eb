import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';
import { scaffolderFieldsModule } from './modules/scaffolder';
import { messagesModule } from './modules/messages';

export default createApp({
  features: [
    catalogPlugin,
    navModule,
    homeModule,
    signInModule,
    scaffolderFieldsModule,
    messagesModule,
  ],
});
