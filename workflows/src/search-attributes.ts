import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Search attributes of case workflows, for ops in the Temporal Web UI and `temporal workflow list --query`.
 * Codes only: search attributes are stored unencrypted, so nothing here may identify a family.
 */
export const CaseDistrict = defineSearchAttributeKey('CaseDistrict', SearchAttributeType.KEYWORD);
/** No longer set (its value, the programme's name, would tell of a diagnosis); kept registered for cases that have it. */
export const CaseProgramme = defineSearchAttributeKey('CaseProgramme', SearchAttributeType.KEYWORD);
export const CaseStage = defineSearchAttributeKey('CaseStage', SearchAttributeType.KEYWORD);
export const CaseRiskLevel = defineSearchAttributeKey('CaseRiskLevel', SearchAttributeType.KEYWORD);

/** Conference workflows carry CaseDistrict too, and these: `routine` or `urgent`, and their state. */
export const ConferenceUrgency = defineSearchAttributeKey('ConferenceUrgency', SearchAttributeType.KEYWORD);
export const ConferenceState = defineSearchAttributeKey('ConferenceState', SearchAttributeType.KEYWORD);

/** Every custom attribute, for registering them with a Temporal server. */
export const SEARCH_ATTRIBUTES = [CaseDistrict, CaseProgramme, CaseStage, CaseRiskLevel, ConferenceUrgency, ConferenceState];
