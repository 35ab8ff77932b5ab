import { displayView } from '../../lib/display';
import { hasConsented, PAGES, type StoredConsent } from '../../lib/flow';
import { currentSession, hostFontSize, navigateTo, readStorage, redirectTo, STORAGE_KEYS, writeStorage } from '../../platform';
import { AUDIENCES, HOME_INTRO, homeView, landsOnCode, type Service } from './utils';

interface HomeData {
  intro: string;
  audiences: typeof AUDIENCES;
  primaryLabel: string;
  primaryUrl: string;
  services: Service[];
  elder: boolean;
  displayClass: string;
}

type TapEvent = { currentTarget: { dataset: { url?: string } } };

type HomeHandlers = {
  onPrimary(): void;
  onOpenService(e: TapEvent): void;
  onOpenPrivacy(): void;
  onOpenAgreement(): void;
  onToggleElder(): void;
};

Page<HomeData, { stay?: boolean }, HomeHandlers>({
  data: { intro: HOME_INTRO, audiences: AUDIENCES, primaryLabel: '申领健康码', primaryUrl: PAGES.consent, services: [], ...displayView(undefined, undefined) },
  onLoad(query: Record<string, string> | undefined) {
    // Opening the mini-program is the one tap: a registered resident goes straight to their code.
    this.stay = query?.stay === '1';
    const consented = hasConsented(readStorage<StoredConsent>(STORAGE_KEYS.consent));
    if (!this.stay && landsOnCode({ consented, registered: readStorage(STORAGE_KEYS.profile) !== undefined })) redirectTo(PAGES.code);
  },
  onShow() {
    const consented = hasConsented(readStorage<StoredConsent>(STORAGE_KEYS.consent));
    const registered = readStorage(STORAGE_KEYS.profile) !== undefined;
    this.setData({
      // The code page signs in again by itself, so an expired session does not make a registered resident start over.
      ...homeView({ consented, signedIn: currentSession() !== undefined || registered, registered }),
      ...displayView(readStorage(STORAGE_KEYS.display), hostFontSize()),
    });
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
  onToggleElder() {
    writeStorage(STORAGE_KEYS.display, { elder: !this.data.elder });
    this.setData(displayView(readStorage(STORAGE_KEYS.display), hostFontSize()));
  },
});
