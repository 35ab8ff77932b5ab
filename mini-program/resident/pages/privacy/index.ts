import { privacyView } from './utils';

Page<ReturnType<typeof privacyView>>({
  data: privacyView(),
});
