/**
 * Fakes of port interfaces for use-case unit tests: a test gives only the methods its use case
 * should call; any other call fails the test, so a fake never answers for something it did not mean to.
 */
export function fakePort<T extends object>(methods: Partial<T>, name = 'port'): T {
  return new Proxy(methods as T, {
    get(target, prop, receiver) {
      if (prop in target) return Reflect.get(target, prop, receiver);
      // Not a thenable: awaiting a fake yields the fake.
      if (prop === 'then' || typeof prop === 'symbol') return undefined;
      return () => {
        throw new Error(`${name}.${String(prop)} was not expected to be called`);
      };
    },
  });
}
