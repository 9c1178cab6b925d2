/** Facts about the page the controllers need: socket URL and this page instance's id. */
import type { InstanceId } from '../../protocol/ids.js';
import { randomId } from './randomId.js';

export const SIGNALING_PATH = '/ws';

export function signalingUrl(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${SIGNALING_PATH}`;
}

export const pageInstanceId = randomId(12) as InstanceId;
