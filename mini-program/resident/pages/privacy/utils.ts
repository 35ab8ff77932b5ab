/** The privacy policy page shows the policy text of lib/legal. Pure. */
import { PRIVACY_POLICY } from '../../lib/legal';

export function privacyView() {
  return { title: '丽水健康码隐私政策', sections: PRIVACY_POLICY.map((s) => ({ title: s.title, paragraphs: s.paragraphs.slice() })) };
}
