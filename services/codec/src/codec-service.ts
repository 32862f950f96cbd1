import cors from 'cors';
import { Router } from 'express';
import { z } from 'zod';
import type { CodecConfig } from '@continuum/config';
import { mongoTls, natsTls } from '@continuum/config';
import { Code, DomainError, type RecordAudit } from '@continuum/domain';
import { auditTrail } from '@continuum/audit';
import { connectBus } from '@continuum/bus';
import { authenticateStaff, createApp, limitPerMinute, listen, parseOr400, staffOf } from '@continuum/http';
import type { Logger } from '@continuum/log';
import { activeStaffMember, caseVaultOf, connectStore } from '@continuum/store';
import { AesGcmPayloadCodec } from '@continuum/temporal';

const Base64 = z
  .string()
  .max(4_000_000)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
/** The Temporal Web UI's codec protocol: payloads with base64 metadata values and data. */
export const DecodeRequest = z.strictObject({
  payloads: z.array(z.strictObject({ metadata: z.record(z.string().max(200), Base64).optional(), data: Base64.optional() })).max(500),
});

/**
 * The codec server the Temporal Web UI calls (`--ui-codec-endpoint`) to show payloads in clear: it decodes
 * only for an authenticated member of staff with the `ops` role, and writes every decode to the audit log
 * before answering. It never encodes: nothing typed into the UI reaches a workflow through it.
 */
export async function startCodecService(config: CodecConfig, log: Logger) {
  const store = await connectStore(config.MONGO_URL, mongoTls(config));
  const bus = await connectBus(config.NATS_URL, 'codec', config.NATS_STREAM_REPLICAS, natsTls(config));
  // A case's payloads are sealed under its own key: an erased family's decode to nothing here too.
  const codec = AesGcmPayloadCodec.of(config, { caseKeys: caseVaultOf(store, config) });
  const app = createApp({ trustProxy: config.TRUST_PROXY });
  // The UI calls from the browser: its origin may, with the bearer token and the namespace header.
  app.use(cors({ origin: config.CODEC_CORS_ORIGINS, allowedHeaders: ['authorization', 'content-type', 'x-namespace'], methods: ['POST'], maxAge: 600 }));
  app.use(limitPerMinute(config.AUTH_FAILURES_PER_MINUTE, 'failed-authentication'));
  app.use(authenticateStaff(config, (staffId) => activeStaffMember(store, staffId)));
  app.use(codecRoutes(auditTrail(bus.js, { payloadKey: config.PAYLOAD_KEY }), codec, log));
  const server = await listen(app, config.CODEC_PORT, config.HTTP_HOST, log);
  log.info({ port: server.port }, 'codec listening');
  return {
    async stop() {
      await server.close();
      await bus.close();
      await store.close();
    },
  };
}

export function codecRoutes(audit: RecordAudit, codec: AesGcmPayloadCodec, log: Logger): Router {
  const router = Router();
  router.post('/decode', async (req, res) => {
    const staff = staffOf(req);
    if (!staff.roles.includes('ops')) throw new DomainError('FORBIDDEN', 'decoding payloads is for: ops');
    const { payloads } = parseOr400(DecodeRequest, req.body, 'payloads');
    // A namespace is a code; anything else is kept as `other` rather than written as given.
    const given = String(req.header('x-namespace') ?? '');
    const namespace = Code.safeParse(given).success ? given : 'other';
    await audit({ actor: staff.sub, action: 'decode-payloads', details: { namespace, count: payloads.length } });
    const decoded = await codec.decode(
      payloads.map((p) => ({ metadata: fromBase64Record(p.metadata), data: p.data === undefined ? undefined : Buffer.from(p.data, 'base64') })),
    );
    log.info({ staffId: staff.sub, count: payloads.length }, 'payloads decoded');
    res.json({ payloads: decoded.map((p) => ({ metadata: toBase64Record(p.metadata), ...(p.data ? { data: Buffer.from(p.data).toString('base64') } : {}) })) });
  });
  return router;
}

const fromBase64Record = (r: Record<string, string> | undefined) => Object.fromEntries(Object.entries(r ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
const toBase64Record = (r: Record<string, Uint8Array> | null | undefined) =>
  Object.fromEntries(Object.entries(r ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
