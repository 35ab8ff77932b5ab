// Lambda events live in scripts/lib/lambda-events (the benches invoke handlers with them too); tests keep importing them from here.
export * from '../../scripts/lib/lambda-events';
