// Preloaded into the serverless-offline process (scripts/lib/stack.ts). The handlers run in that
// process (useInProcess), so a stray rejected promise in one request would otherwise end the whole
// local API. It is reported as an error line, without the error's message (which could carry data).
process.on('unhandledRejection', (reason) => {
  const name = reason instanceof Error ? reason.name : typeof reason;
  process.stderr.write(`${JSON.stringify({ level: 'ERROR', message: 'unhandled promise rejection in a handler', errorName: name, timestamp: new Date().toISOString() })}\n`);
});
