import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from './payload-codec';

export interface TemporalSettings {
  TEMPORAL_ADDRESS: string;
  TEMPORAL_NAMESPACE: string;
  PAYLOAD_KEY: string;
  PAYLOAD_KEY_ID: string;
}

/**
 * The data converter every client and worker uses: there is no path to Temporal without the codec.
 * `onRefused` hears of each payload the codec would not open (a message sent without the key).
 */
export function dataConverter(settings: Pick<TemporalSettings, 'PAYLOAD_KEY' | 'PAYLOAD_KEY_ID'>, onRefused?: (reason: string) => void): DataConverter {
  return { payloadCodecs: [AesGcmPayloadCodec.fromBase64(settings.PAYLOAD_KEY, settings.PAYLOAD_KEY_ID, onRefused)] };
}

export async function connectTemporalClient(settings: TemporalSettings): Promise<Client> {
  const connection = await Connection.connect({ address: settings.TEMPORAL_ADDRESS });
  return new Client({ connection, namespace: settings.TEMPORAL_NAMESPACE, dataConverter: dataConverter(settings) });
}
