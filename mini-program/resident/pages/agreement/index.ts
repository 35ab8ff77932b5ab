import { agreementView } from './utils';

Page<ReturnType<typeof agreementView>>({
  data: agreementView(),
});
