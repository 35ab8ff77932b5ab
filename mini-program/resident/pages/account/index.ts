import { PAGES } from '../../lib/flow';
import { failureMessage } from '../../lib/problem';
import { clearStorage, confirm, NO_CONTENT, navigateTo, readStorage, reLaunch, removeStorage, request, STORAGE_KEYS, toast } from '../../platform';
import { accountView, DELETE_CONFIRMATION, type StoredProfile } from './utils';

type AccountData = ReturnType<typeof accountView> & { deleting: boolean; notice: string };

Page<AccountData, {}, { onDeleteAccount(): Promise<void>; onSignOut(): void; onOpenPrivacy(): void; onOpenHistory(): void }>({
  data: { ...accountView(undefined), deleting: false, notice: '' },
  onShow() {
    this.setData(accountView(readStorage<StoredProfile>(STORAGE_KEYS.profile)));
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
    removeStorage(STORAGE_KEYS.session);
    removeStorage(STORAGE_KEYS.subject);
    reLaunch(PAGES.home);
  },
  onOpenPrivacy() {
    navigateTo(PAGES.privacy);
  },
  onOpenHistory() {
    navigateTo(PAGES.history);
  },
});
