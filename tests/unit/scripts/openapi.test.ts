import type { ZodType } from 'zod';
import { buildOpenApi, handlerSpec } from '../../../scripts/lib/openapi';
import { operations } from '../../../scripts/lib/api-operations';
import { routeCatalog } from '../../../scripts/reliability/catalog';
import { functions, localOnlyFunctions } from '../../../functions/routes';
import { PROBLEM_BASE } from '../../../functions/core/errors';
import '../../../shared/api/errors';

type Doc = { paths: Record<string, Record<string, any>>; openapi: string; components: any };
let doc: Doc;
let undocumented: string[];

beforeAll(async () => {
  const built = await buildOpenApi();
  doc = built.document as unknown as Doc;
  undocumented = built.undocumented;
}, 60_000);

/** Route keys straight from the registry's slices, without the catalog in between. */
function registryRoutes(): string[] {
  return Object.values({ ...functions, ...localOnlyFunctions } as Record<string, { events?: Array<{ httpApi?: { method: string; path: string } | '*' }> }>)
    .flatMap((fn) => fn.events ?? [])
    .flatMap((e) => (e.httpApi && e.httpApi !== '*' ? [`${e.httpApi.method.toUpperCase()} ${e.httpApi.path}`] : []));
}

describe('the OpenAPI document', () => {
  test('is OpenAPI 3.1 and has every route of functions/routes.ts, with its method', () => {
    expect(doc.openapi).toBe('3.1.0');
    // A route added without an entry in scripts/lib/api-operations.ts lands here, by name.
    expect(undocumented).toEqual([]);
    const inDocument = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(inDocument.sort()).toEqual([...new Set(registryRoutes())].sort());
  });

  test('describes no route the registry does not have', () => {
    const known = new Set(registryRoutes());
    expect(Object.keys(operations).filter((key) => !known.has(key))).toEqual([]);
  });

  test('every path parameter is declared, every operation has zh+en text, security, and problem answers under the project base', () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      const names = [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(methods)) {
        const where = `${method} ${path}`;
        expect({ where, params: op.parameters.filter((p: any) => p.in === 'path').map((p: any) => p.name).sort() }).toEqual({ where, params: [...names].sort() });
        expect(op.summary).toMatch(/[\u4e00-\u9fff].* · .*[A-Za-z]/);
        expect(Array.isArray(op.security)).toBe(true);
        const errorStatuses = Object.keys(op.responses).filter((s) => Number(s) >= 400);
        expect(errorStatuses).toEqual(expect.arrayContaining(['500', '503']));
        for (const s of errorStatuses) expect(op.responses[s].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
        if (path.startsWith('/v1/dev/')) expect(op['x-local-only']).toBe(true);
      }
    }
    const types: string[] = doc.components.schemas.Problem.properties.type.enum;
    expect(types.length).toBeGreaterThan(10);
    for (const t of types) expect(t.startsWith(PROBLEM_BASE)).toBe(true);
    expect(types).toEqual(expect.arrayContaining([`${PROBLEM_BASE}not-configured`, `${PROBLEM_BASE}method-not-allowed`, `${PROBLEM_BASE}payload-too-large`]));
  });

  test('every example validates against the zod schema it documents', async () => {
    let checked = 0;
    for (const route of routeCatalog()) {
      const op = operations[route.key]!;
      const spec = await handlerSpec(route);
      if (op.request !== undefined) {
        const schema = (op.body ?? spec.body) as ZodType;
        const result = schema.safeParse(op.request);
        expect({ route: route.key, ok: result.success, issues: result.error?.issues }).toEqual({ route: route.key, ok: true, issues: undefined });
        checked++;
      }
      if (op.response !== undefined) {
        const result = op.success.schema!.safeParse(op.response);
        expect({ route: route.key, ok: result.success, issues: result.error?.issues }).toEqual({ route: route.key, ok: true, issues: undefined });
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  test('a body the handler takes as unknown is documented with the schema its use case checks', () => {
    const declaration = doc.paths['/v1/resident/declarations']!.post.requestBody.content['application/json'].schema;
    expect(declaration.type).toBe('object');
    expect(Object.keys(declaration.properties ?? {}).length).toBeGreaterThan(0);
    const stats = doc.paths['/v1/authority/checkpoints/{id}/stats']!.get.parameters;
    expect(stats).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'day', in: 'query', required: true })]));
  });
});
