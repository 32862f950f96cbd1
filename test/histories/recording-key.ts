/**
 * The payload key the history recorder runs with. Not a secret: recorded histories hold synthetic test
 * families only, and the replay test needs the key to decode their payloads.
 */
export const RECORDING_PAYLOAD_KEY = Buffer.alloc(32, 7).toString('base64');
export const RECORDING_PAYLOAD_KEY_ID = 'k1';
