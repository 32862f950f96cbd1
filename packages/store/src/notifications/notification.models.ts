import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * How a person or a facility wants to be told: `staff:<id>` by email, `facility:<id>` by an HMAC-signed
 * webhook, or not at all. The webhook secret signs what is sent; it is never shown back.
 */
export const channelPreferenceSchema = new Schema(
  {
    _id: { type: String, required: true },
    channel: { type: String, required: true, enum: ['email', 'webhook', 'none'] },
    email: { type: String, default: null },
    webhookUrl: { type: String, default: null },
    /** Sealed (sealed-secret.ts): never stored, logged or shown back in clear. */
    webhookSecret: { type: String, default: null },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

/**
 * One message to one recipient, keyed by the event it came from: the record that makes delivery exactly
 * once from the recipient's side. Written `delivered` only after the channel accepted it; the event is
 * acknowledged only after that write.
 */
export const notificationDeliverySchema = new Schema(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    kind: { type: String, required: true },
    recipient: { type: String, required: true },
    channel: { type: String, required: true },
    caseId: { type: String, default: null },
    district: { type: String, default: null },
    status: { type: String, required: true, enum: ['delivering', 'delivered'] },
    attempts: { type: Number, default: 0 },
    lastError: { type: String, default: null },
    createdAt: { type: Date, required: true },
    deliveredAt: { type: Date, default: null },
  },
  { versionKey: false },
);
notificationDeliverySchema.index({ recipient: 1, createdAt: -1 });
notificationDeliverySchema.index({ caseId: 1, createdAt: 1 });

export type ChannelPreferenceDoc = InferSchemaType<typeof channelPreferenceSchema>;
export type NotificationDeliveryDoc = InferSchemaType<typeof notificationDeliverySchema>;
export const channelPreferenceModel = (db: Connection) => db.model('ChannelPreference', channelPreferenceSchema, 'channelPreferences');
export const notificationDeliveryModel = (db: Connection) => db.model('NotificationDelivery', notificationDeliverySchema, 'notificationDeliveries');
