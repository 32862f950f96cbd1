import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { ConferenceState, ConferenceTrigger, Programme } from '@continuum/domain';

const participantSchema = new Schema(
  {
    seat: { type: Number, required: true },
    staffId: { type: String, required: true },
    discipline: { type: String, required: true },
    roles: { type: [String], required: true },
    fromCity: { type: Boolean, required: true },
    taskId: { type: String, required: true },
  },
  { _id: false },
);

/**
 * A case conference: who was invited, what each wrote or why she declined, and what the chair decided.
 * Written only by the caseConference workflow's activities. Inputs and minutes may hold personal data:
 * they never leave MongoDB except to the conference's participants and the district's staff.
 */
export const conferenceSchema = new Schema(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    district: { type: String, required: true },
    programme: { type: String, required: true, enum: Programme.options },
    policyVersion: { type: String, required: true },
    trigger: { type: String, required: true, enum: ConferenceTrigger.options },
    /** Triggers that arrived while the conference was open: they join its agenda. */
    alsoTriggeredBy: { type: [String], default: [] },
    reason: { type: String, default: null },
    urgent: { type: Boolean, required: true },
    state: { type: String, required: true, enum: ConferenceState.options },
    chair: { type: String, default: null },
    requestedBy: { type: String, default: null },
    participants: { type: [participantSchema], default: [] },
    /** The participants' staff ids, at the top level: a store indexes a list of ids, not a field inside a list of sub-documents (test/store/contract.test.ts). */
    participantIds: { type: [String], default: [] },
    unfilled: { type: [String], default: [] },
    quorum: { type: [String], required: true },
    /** Answers by seat ("3": { answer, text, recommendsClosure, at }); a map, so each is set on its own path. */
    answers: { type: Schema.Types.Mixed, default: {} },
    convenedAt: { type: Date, required: true },
    inputDueAt: { type: Date, required: true },
    rescheduledAt: { type: Date, default: null },
    remindedAt: { type: [Date], default: [] },
    decidedAt: { type: Date, default: null },
    decisions: { type: Schema.Types.Mixed, default: null },
    endedAt: { type: Date, default: null },
  },
  { versionKey: false, minimize: false },
);

// Serves "upcoming and past conferences of my districts".
conferenceSchema.index({ district: 1, state: 1, inputDueAt: 1 });
// Serves "conferences I am invited to" (participants from the city level).
conferenceSchema.index({ participantIds: 1, inputDueAt: 1 });
conferenceSchema.index({ caseId: 1, convenedAt: 1 });

export type ConferenceDoc = InferSchemaType<typeof conferenceSchema>;
export const conferenceModel = (db: Connection) => db.model('Conference', conferenceSchema, 'conferences');
