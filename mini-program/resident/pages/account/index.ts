import { PAGES } from '../../lib/flow';
import { failureMessage } from '../../lib/problem';
import { displayView } from '../../lib/display';
import { clearStorage, confirm, hostFontSize, NO_CONTENT, navigateTo, readStorage, reLaunch, removeStorage, request, STORAGE_KEYS, toast, writeStorage } from '../../platform';
import { accountView, DELETE_CONFIRMATION, type StoredProfile } from './utils';

type AccountData = ReturnType<typeof accountView> & ReturnType<typeof displayView> & { deleting: boolean; notice: string };

Page<AccountData, {}, { onDeleteAccount(): Promise<void>; onSignOut(): void; onOpenPrivacy(): void; onOpenHistory(): void; onToggleElder(): void }>({
  data: { ...accountView(undefined), ...displayView(undefined, undefined), deleting: false, notice: '' },
  onShow() {
    this.setData({ ...accountView(readStorage<StoredProfile>(STORAGE_KEYS.profile)), ...displayView(readStorage(STORAGE_KEYS.display), hostFontSize()) });
  },
  async onDeleteAccount() {
    if (this.data.deleting) return;
    if (!(await confirm(DELETE_CONFIRMATION))) return;
    this.setData({ deleting: true, notice: '' });
    const result = await request('DELETE', '/v1/resident/account', undefined, { schema: NO_CONTENT });
    this.setData({ deleting: false });
    if (result.ok || (result.kind === 'problem' && result.status === 401)) {
      clearStorage();
      toast('账号已注销，数据已删除', 'success');
      reLaunch(PAGES.home);
    } else {
      this.setData({ notice: failureMessage(result) });
    }
  },
  onSignOut() {
    // Forget the registration too, or the next request would sign the phone in again silently.
    removeStorage(STORAGE_KEYS.session);
    removeStorage(STORAGE_KEYS.profile);
    removeStorage(STORAGE_KEYS.lastCode);
    reLaunch(PAGES.home);
  },
  onOpenPrivacy() {
    navigateTo(PAGES.privacy);
  },
  onToggleElder() {
    writeStorage(STORAGE_KEYS.display, { elder: !this.data.elder });
    this.setData(displayView(readStorage(STORAGE_KEYS.display), hostFontSize()));
  },
  onOpenHistory() {
    navigateTo(PAGES.history);
  },
});
