/**
 * The app shell: pages do the work. On launch a stale session is dropped so no page trusts it, and
 * the old stored "whose code" choice is erased: every launch opens on the holder's own code.
 */
import { currentSession, removeStorage, STORAGE_KEYS } from './platform';

/** Where builds before the per-page choice kept the dependent being shown. */
const LEGACY_SUBJECT_KEY = 'subject';

App({
  onLaunch() {
    if (!currentSession()) removeStorage(STORAGE_KEYS.session);
    removeStorage(LEGACY_SUBJECT_KEY);
  },
});
