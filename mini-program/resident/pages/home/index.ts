import { hasConsented, PAGES, type StoredConsent } from '../../lib/flow';
import { currentSession, navigateTo, readStorage, STORAGE_KEYS } from '../../platform';
import { AUDIENCES, HOME_INTRO, homeView, type Service } from './utils';

interface HomeData {
  intro: string;
  audiences: typeof AUDIENCES;
  primaryLabel: string;
  primaryUrl: string;
  services: Service[];
}

type TapEvent = { currentTarget: { dataset: { url?: string } } };

Page<HomeData, {}, { onPrimary(): void; onOpenService(e: TapEvent): void; onOpenPrivacy(): void; onOpenAgreement(): void }>({
  data: { intro: HOME_INTRO, audiences: AUDIENCES, primaryLabel: '申领健康码', primaryUrl: PAGES.consent, services: [] },
  onShow() {
    this.setData(
      homeView({
        consented: hasConsented(readStorage<StoredConsent>(STORAGE_KEYS.consent)),
        signedIn: currentSession() !== undefined,
        registered: readStorage(STORAGE_KEYS.profile) !== undefined,
      }),
    );
  },
  onPrimary() {
    navigateTo(this.data.primaryUrl);
  },
  onOpenService(e: TapEvent) {
    if (e.currentTarget.dataset.url) navigateTo(e.currentTarget.dataset.url);
  },
  onOpenPrivacy() {
    navigateTo(PAGES.privacy);
  },
  onOpenAgreement() {
    navigateTo(PAGES.agreement);
  },
});
