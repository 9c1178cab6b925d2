/** Entry point: `npm start` (after building the client) or `npm run serve`. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './config.js';
import { startSignalingServer } from './createSignalingServer.js';

const loaded = loadConfig();
if (!loaded.ok) {
  console.error('The server cannot start; fix these settings:\n' + loaded.error.map((e) => `  - ${e}`).join('\n'));
  process.exit(1);
}
const config = loaded.value;
if (config.clientDir && !existsSync(join(config.clientDir, 'rep.html'))) {
  console.error(`No built client in ${config.clientDir}. Run "npm start" (it builds first) or "npm run build".`);
  process.exit(1);
}

const server = await startSignalingServer(config);
const lines = [`Support sessions are running at ${server.url}`, `  Customers join at  ${server.url}/join`];
if (config.generatedRepToken !== null) {
  const token = config.generatedRepToken;
  lines.push(
    `  Rep console:        ${server.url}/rep#token=${token}`,
    '  (No REP_TOKEN was set, so this token was generated for this run only.',
    '   Open the link above to sign in, or set REP_TOKEN to keep a token across restarts.)',
  );
} else {
  lines.push(`  Rep console:        ${server.url}/rep  (sign in with your REP_TOKEN, or open /rep#token=<token>)`);
}
console.log(lines.join('\n'));

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    void server.close().then(() => process.exit(0));
  });
}
