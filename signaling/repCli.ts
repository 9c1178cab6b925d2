/**
 * `npm run rep -- add NAME | list | revoke NAME`: manages the named rep accounts in REPS_FILE
 * (read from the environment or the config file, as the server reads it). A running server
 * picks up changes by itself within seconds, or at once on SIGHUP.
 */
import { DEFAULTS } from './config.js';
import { mergeConfigFile } from './configFile.js';
import { addRep, readRepsFile, revokeRep } from './repAccounts.js';

const USAGE = `Usage: npm run rep -- <command> [--config PATH]
  add NAME      add a rep; prints their sign-in token once
  list          names, ids and creation dates (never tokens)
  revoke NAME   remove a rep; their token stops working`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const argv = process.argv.slice(2);
const { settings, fileErrors } = mergeConfigFile(argv, process.env);
if (fileErrors.length > 0) fail(fileErrors.join('\n'));
const repsFile = settings.REPS_FILE?.trim() || DEFAULTS.repsFile;
const publicUrl = settings.PUBLIC_URL?.trim().replace(/\/+$/, '') || null;
// The words of the command, without the --config option and its value.
const words = argv.filter((arg, i) => !arg.startsWith('--config') && argv[i - 1] !== '--config');
const [command, ...rest] = words;
const name = rest.join(' ');

switch (command) {
  case 'add': {
    if (name === '') fail(USAGE);
    const added = addRep(repsFile, name);
    if (!added.ok) fail(`Cannot add the rep: ${added.error}`);
    const { record, token } = added.value;
    console.log(`Added ${record.name} (id ${record.id}) to ${repsFile}.`);
    console.log(`Their token, shown this once (give it to them privately):\n  ${token}`);
    if (publicUrl !== null) console.log(`Console sign-in link:\n  ${publicUrl}/rep#token=${token}`);
    else console.log('They sign in at <server address>/rep with it (set PUBLIC_URL to get a ready link here).');
    break;
  }
  case 'list': {
    const reps = readRepsFile(repsFile);
    if (!reps.ok) fail(reps.error);
    if (reps.value.length === 0) console.log(`No reps in ${repsFile}. Add one with: npm run rep -- add NAME`);
    for (const rep of reps.value) console.log(`${rep.name}\tid ${rep.id}\tcreated ${rep.created}`);
    break;
  }
  case 'revoke': {
    if (name === '') fail(USAGE);
    const revoked = revokeRep(repsFile, name);
    if (!revoked.ok) fail(`Cannot revoke: ${revoked.error}`);
    console.log(`Revoked ${revoked.value.name} (id ${revoked.value.id}). A running server refuses their token within seconds.`);
    break;
  }
  default:
    fail(USAGE);
}
