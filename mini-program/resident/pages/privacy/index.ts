import { displayView } from '../../lib/display';
import { hostFontSize, readStorage, STORAGE_KEYS } from '../../platform';
import { privacyView } from './utils';

Page<ReturnType<typeof privacyView> & ReturnType<typeof displayView>>({
  data: { ...privacyView(), ...displayView(undefined, undefined) },
  onShow() {
    this.setData(displayView(readStorage(STORAGE_KEYS.display), hostFontSize()));
  },
});
