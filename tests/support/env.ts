// In-process handlers log through Powertools; keep test output readable unless asked.
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'SILENT';
