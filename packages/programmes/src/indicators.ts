// What a programme may count of its own, for its quarterly report (services/reporting reads these beside its
// catalogue). The lists are the reporting catalogue's: a programme's figure sits in one of its tables.

/** The table of the quarterly report an indicator is shown in. */
export const SECTIONS = ['follow-up', 'children', 'risk', 'staff', 'process'] as const;
/** What one unit of a count is (a share or a ratio: of its count; a median: days). */
export const UNITS = [
  'families',
  'cases',
  'children',
  'people',
  'intents',
  'contacts',
  'tasks',
  'conferences',
  'days',
  'social workers',
  'inhabitants',
] as const;

/**
 * A count only one programme's report shows: the completions of a task whose form gave an answer, in the
 * period each was completed, where the case was then. The answer is a code of the form (never free text),
 * so what is counted is what the methodology's table reacts to.
 */
export interface ProgrammeIndicator {
  /** Unique among all indicators; by convention `<topic>.<what>`. */
  name: string;
  label: string;
  section: (typeof SECTIONS)[number];
  unit: (typeof UNITS)[number];
  counts: { task: string; field: string; answer: string };
  note?: string;
}
