import type { StageConfig } from './types';

/** `npm start` on this machine; the Alipay IDE simulator reaches it on the loopback address. */
export const localConfig: StageConfig = {
  stage: 'local',
  apiBaseUrl: 'http://127.0.0.1:3000',
  sandboxSignIn: true,
};
