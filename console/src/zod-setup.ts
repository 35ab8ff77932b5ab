// zod compiles fast parsers with `new Function` unless told not to; the console's CSP allows no eval,
// and zod's probe for it would log a CSP violation on every page.
import { z } from 'zod';

z.config({ jitless: true });
