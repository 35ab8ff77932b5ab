import { displayView } from '../../lib/display';
import { hostFontSize, readStorage, STORAGE_KEYS } from '../../platform';
import { agreementView } from './utils';

Page<ReturnType<typeof agreementView> & ReturnType<typeof displayView>>({
  data: { ...agreementView(), ...displayView(undefined, undefined) },
  onShow() {
    this.setData(displayView(readStorage(STORAGE_KEYS.display), hostFontSize()));
  },
});
