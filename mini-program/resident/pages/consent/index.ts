import { PAGES } from '../../lib/flow';
import { displayView } from '../../lib/display';
import { hostFontSize, navigateTo, now, readStorage, reLaunch, redirectTo, STORAGE_KEYS, writeStorage } from '../../platform';
import { consentRecord, consentView } from './utils';

type ConsentData = ReturnType<typeof consentView> & ReturnType<typeof displayView>;

Page<ConsentData, {}, { onAgreeChange(checked: boolean): void; onContinue(): void; onDecline(): void; onOpenPrivacy(): void; onOpenAgreement(): void }>({
  data: { ...consentView(), ...displayView(undefined, undefined) },
  onShow() {
    this.setData(displayView(readStorage(STORAGE_KEYS.display), hostFontSize()));
  },
  onAgreeChange(checked: boolean) {
    this.setData({ agreed: checked, canContinue: checked });
  },
  onContinue() {
    if (!this.data.agreed) return;
    writeStorage(STORAGE_KEYS.consent, consentRecord(now()));
    redirectTo(PAGES.authorise);
  },
  onDecline() {
    reLaunch(PAGES.home);
  },
  onOpenPrivacy() {
    navigateTo(PAGES.privacy);
  },
  onOpenAgreement() {
    navigateTo(PAGES.agreement);
  },
});
