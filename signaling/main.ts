/**
 * Entry point: `npm start` (after building the client) or `npm run serve [-- --config PATH]`.
 * The log (JSON lines) goes to stdout; the banner for the person at the terminal to stderr.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULTS, loadConfig } from './config.js';
import { mergeConfigFile } from './configFile.js';
import { startSignalingServer } from './createSignalingServer.js';
import { createLogger } from './log.js';
import { readRepsFile } from './repAccounts.js';

const { settings, fileErrors } = mergeConfigFile(process.argv.slice(2), process.env);
const loaded = loadConfig(settings);
const repsOnFile = readRepsFile(settings.REPS_FILE?.trim() || DEFAULTS.repsFile);
const problems = [...fileErrors, ...(loaded.ok ? [] : loaded.error), ...(repsOnFile.ok ? [] : [repsOnFile.error])];
if (!loaded.ok || problems.length > 0) {
  createLogger(loaded.ok ? loaded.value.logLevel : DEFAULTS.logLevel).error('config-invalid', { problems: problems.length });
  console.error('The server cannot start; fix these settings:\n' + problems.map((e) => `  - ${e}`).join('\n'));
  process.exit(1);
}
const config = loaded.value;
const log = createLogger(config.logLevel);
if (config.clientDir && !existsSync(join(config.clientDir, 'rep.html'))) {
  log.error('config-invalid', { problems: 1 });
  console.error(`No built client in ${config.clientDir}. Run "npm start" (it builds first) or "npm run build".`);
  process.exit(1);
}

const server = await startSignalingServer(config, { log }).catch((error: unknown) => {
  // A port in use, Redis out of reach, a reps file broken since the check above.
  log.error('start-failed', { error: (error as NodeJS.ErrnoException).code ?? (error as Error).name ?? 'unknown' });
  console.error(`The server cannot start: ${(error as Error).message ?? String(error)}`);
  process.exit(1);
});
const namedReps = repsOnFile.ok ? repsOnFile.value.length : 0;
log.info('start', {
  url: server.url,
  port: server.port,
  tls: config.tls !== null,
  envReps: config.reps.length,
  namedReps,
  generatedToken: config.generatedRepToken !== null,
  metricsToken: config.metricsToken !== null,
});
const lines = [`Support sessions are running at ${server.url}`, `  Customers join at  ${server.url}/join`];
if (config.generatedRepToken !== null) {
  const token = config.generatedRepToken;
  lines.push(
    `  Rep console:        ${server.url}/rep#token=${token}`,
    '  (No REP_TOKEN was set, so this token was generated for this run only.',
    '   Open the link above to sign in; to keep tokens across restarts, set REP_TOKEN or add',
    '   named reps with "npm run rep -- add NAME".)',
  );
} else {
  lines.push(`  Rep console:        ${server.url}/rep  (sign in with your token, or open /rep#token=<token>)`);
  if (config.reps.length === 0 && namedReps === 0) lines.push('  (No rep can sign in yet: add one with "npm run rep -- add NAME".)');
}
console.error(lines.join('\n'));

process.on('SIGHUP', () => {
  log.info('reload-requested', { signal: 'SIGHUP' });
  server.reloadReps();
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info('shutdown', { signal, connections: server.registry.stats().connections, timeoutMs: config.shutdownTimeoutMs });
    // The bound holds even if closing itself hangs.
    setTimeout(() => {
      log.error('shutdown-timeout', { timeoutMs: config.shutdownTimeoutMs });
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    void server.close({ gracefulMs: config.shutdownTimeoutMs }).then(() => {
      log.info('stop', { signal });
      process.exit(0);
    });
  });
}
