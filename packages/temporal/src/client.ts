import { readFileSync } from 'node:fs';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, type CaseKeys } from './payload-codec';

export interface TemporalSettings {
  TEMPORAL_ADDRESS: string;
  TEMPORAL_NAMESPACE: string;
  PAYLOAD_KEY: string;
  PAYLOAD_KEY_ID: string;
  PAYLOAD_KEYS_EARLIER?: string | undefined;
  TEMPORAL_TLS_CA_FILE?: string | undefined;
  TEMPORAL_TLS_CERT_FILE?: string | undefined;
  TEMPORAL_TLS_KEY_FILE?: string | undefined;
  TEMPORAL_TLS_SERVER_NAME?: string | undefined;
}

/** TLS (mutual when a client certificate is given) to the Temporal frontend, or undefined for a plain connection. */
export function temporalTls(s: Omit<TemporalSettings, 'PAYLOAD_KEY' | 'PAYLOAD_KEY_ID' | 'TEMPORAL_NAMESPACE'>): TLSConfig | undefined {
  if (!s.TEMPORAL_TLS_CA_FILE && !s.TEMPORAL_TLS_CERT_FILE) return undefined;
  if (Boolean(s.TEMPORAL_TLS_CERT_FILE) !== Boolean(s.TEMPORAL_TLS_KEY_FILE)) throw new Error('TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE go together');
  return {
    ...(s.TEMPORAL_TLS_CA_FILE ? { serverRootCACertificate: readFileSync(s.TEMPORAL_TLS_CA_FILE) } : {}),
    ...(s.TEMPORAL_TLS_CERT_FILE ? { clientCertPair: { crt: readFileSync(s.TEMPORAL_TLS_CERT_FILE), key: readFileSync(s.TEMPORAL_TLS_KEY_FILE!) } } : {}),
    ...(s.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: s.TEMPORAL_TLS_SERVER_NAME } : {}),
  };
}

/**
 * The data converter every client and worker uses: there is no path to Temporal without the codec.
 * `onRefused` hears of each payload the codec would not open (a message sent without the key). With
 * `caseKeys` (the case vault), a case's payloads are sealed under the case's own key.
 */
export function dataConverter(
  settings: Pick<TemporalSettings, 'PAYLOAD_KEY' | 'PAYLOAD_KEY_ID' | 'PAYLOAD_KEYS_EARLIER'>,
  opts: { onRefused?: (reason: string) => void; caseKeys?: CaseKeys | undefined } = {},
): DataConverter {
  return { payloadCodecs: [AesGcmPayloadCodec.of(settings, opts)] };
}

export async function connectTemporalClient(settings: TemporalSettings, caseKeys?: CaseKeys): Promise<Client> {
  const tls = temporalTls(settings);
  const connection = await Connection.connect({ address: settings.TEMPORAL_ADDRESS, ...(tls ? { tls } : {}) });
  return new Client({ connection, namespace: settings.TEMPORAL_NAMESPACE, dataConverter: dataConverter(settings, { caseKeys }) });
}
