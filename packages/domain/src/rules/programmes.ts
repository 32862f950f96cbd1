/** The two programmes from the seeds: St. Petersburg's and Kazakhstan's. */
export const PROGRAMMES = ['hiv-family-follow-up', 'abandonment-prevention'] as const;
