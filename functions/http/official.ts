/** The official of a console session as the use cases record them (in the decision log and the audit). */
import type { Principal } from '../core/console/feed-proposals';
import type { Session } from '../adapters/sessions';

export const official = (session: Session): Principal => ({ id: session.sub, name: session.principal ?? '工作人员' });
