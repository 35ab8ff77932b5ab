/**
 * The lifecycle of a page that shows what the server says (status, history, corrections): on every
 * show, the display mode (elder mode, the host's font size) and a fresh load; a pull-down loads again.
 * Spread into a page's options; the page brings its own `load`.
 */
import { displayView } from './lib/display';
import { hostFontSize, readStorage, stopPullDownRefresh, STORAGE_KEYS } from './platform';

interface ReloadingPage {
  setData(data: ReturnType<typeof displayView>): void;
  load(): Promise<void>;
}

export const reloadingPage = {
  onShow(this: ReloadingPage) {
    this.setData(displayView(readStorage(STORAGE_KEYS.display), hostFontSize()));
    void this.load();
  },
  async onPullDownRefresh(this: ReloadingPage) {
    await this.load();
    stopPullDownRefresh();
  },
};
