/** The app shell: pages do the work; on launch a stale session is dropped so no page trusts it. */
import { currentSession, removeStorage, STORAGE_KEYS } from './platform';

App({
  onLaunch() {
    if (!currentSession()) removeStorage(STORAGE_KEYS.session);
  },
});
