/** The user agreement page shows the agreement text of lib/legal. Pure. */
import { USER_AGREEMENT } from '../../lib/legal';

export function agreementView() {
  return { title: '丽水健康码用户服务协议', sections: USER_AGREEMENT.map((s) => ({ title: s.title, paragraphs: s.paragraphs.slice() })) };
}
