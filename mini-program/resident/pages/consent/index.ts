import { PAGES } from '../../lib/flow';
import { navigateTo, now, reLaunch, redirectTo, STORAGE_KEYS, writeStorage } from '../../platform';
import { consentRecord, consentView } from './utils';

type ConsentData = ReturnType<typeof consentView>;

Page<ConsentData, {}, { onAgreeChange(checked: boolean): void; onContinue(): void; onDecline(): void; onOpenPrivacy(): void; onOpenAgreement(): void }>({
  data: consentView(),
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
