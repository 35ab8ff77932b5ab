/**
 * AXML data binding: `{{ expression }}` evaluated against a scope, as the mini-program runtime does.
 * A name the scope lacks reads as undefined (never a ReferenceError), text renders undefined and null
 * as nothing, and an attribute that is one binding alone keeps the value's type (`{{true}}`, arrays).
 */
export type Scope = Record<string, unknown>;

const compiled = new Map<string, (scope: Scope) => unknown>();

/** Compiles an expression once; `with` over a proxy gives AXML's "every name is a data key". */
function compile(expression: string): (scope: Scope) => unknown {
  let fn = compiled.get(expression);
  if (!fn) {
    let body: (proxy: unknown) => unknown;
    try {
      body = new Function('__scope', `with (__scope) { return (${expression}); }`) as (proxy: unknown) => unknown;
    } catch (error) {
      throw new Error(`{{${expression}}} is not a valid expression: ${(error as Error).message}`);
    }
    fn = (scope) =>
      body(
        new Proxy(scope, {
          has: (_target, key) => typeof key === 'string' && key !== '__scope',
          get: (target, key) => (key === Symbol.unscopables ? undefined : (target as Record<string | symbol, unknown>)[key]),
        }),
      );
    compiled.set(expression, fn);
  }
  return fn;
}

export function evaluate(expression: string, scope: Scope): unknown {
  try {
    return compile(expression.trim())(scope);
  } catch (error) {
    // Reading a member of undefined renders as empty in the runtime; anything else is a page bug worth seeing.
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}

const BINDING = /\{\{([\s\S]*?)\}\}/g;

/** An attribute value: one binding alone keeps its type, anything else is a string. */
export function bindValue(raw: string, scope: Scope): unknown {
  const whole = /^\s*\{\{([\s\S]*?)\}\}\s*$/.exec(raw);
  if (whole && !whole[1]!.includes('}}')) return evaluate(whole[1]!, scope);
  return bindText(raw, scope);
}

/** Text with bindings interpolated; undefined and null render as nothing. */
export function bindText(raw: string, scope: Scope): string {
  return raw.replace(BINDING, (_m, expression: string) => {
    const value = evaluate(expression, scope);
    return value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}
