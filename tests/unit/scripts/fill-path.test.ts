/** The reliability runner's path filling: fuzzed path values (lone surrogates included) become a URL. */
import { fillPath } from '../../../scripts/reliability/catalog';

test('path values are encoded, and a lone surrogate is sent as U+FFFD instead of stopping the run', () => {
  expect(fillPath('/v1/console/checkpoints/{id}/departments/{departmentId}', { id: 'gate 1', departmentId: '部门/2' })).toBe('/v1/console/checkpoints/gate%201/departments/%E9%83%A8%E9%97%A8%2F2');
  expect(fillPath('/v1/resident/dependents/{id}', { id: 'a\uD800b\uDC00' })).toBe('/v1/resident/dependents/a%EF%BF%BDb%EF%BF%BD');
  expect(fillPath('/v1/resident/dependents/{id}', { id: '😀' })).toBe('/v1/resident/dependents/%F0%9F%98%80');
  expect(fillPath('/console/{proxy+}', {})).toBe('/console/x-proxy');
});
