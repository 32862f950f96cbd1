import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { Programme, ReferralStatus } from '@continuum/domain';

/** A referral as intake received it. The family's data lives here and in the case, nowhere else. */
export const referralSchema = new Schema(
  {
    _id: { type: String, required: true }, // the case id: random, made by intake
    referralId: { type: String, required: true },
    facilityId: { type: String, required: true },
    district: { type: String, required: true },
    programme: { type: String, required: true, enum: Programme.options },
    /** The policy version intake chose for the case. */
    policyVersion: { type: String, default: null },
    referredAt: { type: Date, required: true },
    urgent: { type: Boolean, required: true },
    status: { type: String, required: true, enum: ReferralStatus.options },
    receivedAt: { type: Date, required: true },
    /** A hash of the referral as parsed: a repeat with the same ids must match it, or it is a conflict. */
    contentHash: { type: String, required: true },
    /** What the referring facility is told of why: a code of ReferralStatusReason, never free text. */
    statusReason: { type: String, default: null },
    /** The staff's own words on the change (a rejection's or closure's reason): never shown to the facility. */
    statusNote: { type: String, default: null },
    statusChangedAt: { type: Date, default: null },
    /**
     * The referral form's codes, which the case and the reports work from: risk factors, the consent, whether
     * the mother is HIV-positive and which children are exposed, each household member's relation. Never a
     * name, a date of birth, an address or a note (see `sealed`; a referral stored earlier holds the whole form).
     */
    form: { type: Schema.Types.Mixed, required: true },
    /** The referral form as received, sealed under the case's own key: unreadable once the family is erased. */
    sealed: { type: String, default: null },
  },
  { versionKey: false, minimize: false },
);

// Idempotency: a facility's referral id names one referral, whoever retries it and however often.
referralSchema.index({ facilityId: 1, referralId: 1 }, { unique: true });
// Serves the referring facility's list of its own referrals.
referralSchema.index({ facilityId: 1, receivedAt: -1 });

export type ReferralDoc = InferSchemaType<typeof referralSchema>;
export const referralModel = (db: Connection) => db.model('Referral', referralSchema, 'referrals');
