import { z } from 'zod';
import { Programme } from '@continuum/domain';
import { indicatorDef, INDICATORS, PeriodRule, ROW_SUMS, Section, Unit, type IndicatorDef } from './catalogue';

/*
 * What a reader is told an indicator means: the catalogue's entry with the labels of the counts it is made
 * of, what its period rule and its suppression say. The same definitions go under `x-indicators` in the
 * OpenAPI document, into the quarterly report's JSON, and into its page's definitions section.
 */

/** What each period rule means, said once. */
export const PERIOD_RULES: Readonly<Record<PeriodRule, string>> = {
  flow: 'Counted in the period in which it happened, where the case was then.',
  stock: 'As of the end of the period, or now while the period runs.',
  'open-during': 'Every case open at some moment of the period (taken on before its end, not closed before its start), counted once.',
  reference: "The district's reference data as it is now, whatever the period.",
};

/**
 * How an indicator is suppressed, from its kind (see suppression.ts). A district's own staff see its figures
 * as they are; everyone else (a coordinator, a query covering another district, the quarterly report) gets:
 * - small-count: a count from 1 to the threshold − 1 hidden (zero is shown), and any count a published total
 *   would give away (complementary suppression);
 * - with-parts: a share hidden when its numerator or denominator is;
 * - with-count: a median hidden when its count is from 1 to the threshold − 1, a ratio when its count is hidden;
 * - never: reference data, about no family.
 */
export const SuppressionRule = z.enum(['small-count', 'with-parts', 'with-count', 'never']);
export type SuppressionRule = z.infer<typeof SuppressionRule>;

const Ref = z.object({ name: z.string(), label: z.string() }).describe('another indicator of the catalogue');
const Suppression = z
  .object({
    rule: SuppressionRule,
    dependsOn: z.array(z.string()).describe('the counts whose suppression it follows'),
    text: z.string(),
  })
  .describe("what is hidden and when, outside the district's own staff");
const Name = { name: z.string(), label: z.string() };
const Common = {
  section: Section.describe('the table of the quarterly report it is shown in'),
  programmes: z.array(Programme).min(1).describe('the programmes it belongs to (every one listed when it applies to every programme)'),
  unit: Unit.describe('what one unit of it is: of a share or a ratio, its count; of a median, days'),
  period: z.object({ rule: PeriodRule, text: z.string() }).describe('which moment of the period it reads'),
  note: z.string().optional(),
  suppression: Suppression,
};

/** One indicator's definition as published; zod describes what each kind adds. */
export const IndicatorDefinition = z.discriminatedUnion('kind', [
  z.object({ ...Name, kind: z.literal('count'), ...Common }),
  z.object({ ...Name, kind: z.literal('share'), ...Common, numerator: Ref, denominator: Ref }),
  z.object({
    ...Name,
    kind: z.literal('median'),
    ...Common,
    samples: z.string().describe('what each sample is'),
    count: Ref.describe('the count of its samples, which it is hidden with'),
  }),
  z.object({
    ...Name,
    kind: z.literal('ratio'),
    ...Common,
    count: Ref.describe('the count divided'),
    base: z.string().describe('what it is divided by, e.g. per social worker'),
  }),
  z.object({ ...Name, kind: z.literal('reference'), ...Common, base: z.string().optional() }),
]);
export type IndicatorDefinition = z.infer<typeof IndicatorDefinition>;

const ref = (name: string) => {
  const def = indicatorDef(name);
  if (!def) throw new Error(`catalogue: ${name} is not an indicator`);
  return { name, label: def.label };
};

const OUTSIDE = "Outside the district's own staff";

function suppressionOf(def: IndicatorDef): z.infer<typeof Suppression> {
  switch (def.kind) {
    case 'count': {
      const sum = ROW_SUMS.find((s) => s.total === def.name || s.parts.includes(def.name));
      const within = sum ? ` Within a row, ${sum.parts.join(', ')} add up to ${sum.total}: a hidden one is protected the same way.` : '';
      return {
        rule: 'small-count',
        dependsOn: [],
        text: `${OUTSIDE}: hidden when from 1 to the threshold − 1 (zero is shown), and when a published total (the table's total, a subtotal, the city) would give a hidden count away.${within}`,
      };
    }
    case 'share':
      return {
        rule: 'with-parts',
        dependsOn: [def.num, def.den],
        text: `${OUTSIDE}: hidden when its numerator (${def.num}) or its denominator (${def.den}) is hidden.`,
      };
    case 'median':
      return { rule: 'with-count', dependsOn: [def.of], text: `${OUTSIDE}: hidden when its count (${def.of}) is from 1 to the threshold − 1.` };
    case 'ratio':
      return { rule: 'with-count', dependsOn: [def.of], text: `${OUTSIDE}: hidden when its count (${def.of}) is hidden.` };
    case 'reference':
      return { rule: 'never', dependsOn: [], text: 'Never hidden: reference data, about no family.' };
  }
}

export function definitionOf(def: IndicatorDef): IndicatorDefinition {
  const name = { name: def.name, label: def.label };
  const common = {
    section: def.section,
    programmes: [...def.programmes],
    unit: def.unit,
    period: { rule: def.period, text: PERIOD_RULES[def.period] },
    ...(def.note && { note: def.note }),
    suppression: suppressionOf(def),
  };
  switch (def.kind) {
    case 'count':
      return { ...name, kind: 'count', ...common };
    case 'share':
      return { ...name, kind: 'share', ...common, numerator: ref(def.num), denominator: ref(def.den) };
    case 'median':
      return { ...name, kind: 'median', ...common, samples: def.samples, count: ref(def.of) };
    case 'ratio':
      return { ...name, kind: 'ratio', ...common, count: ref(def.of), base: def.base };
    case 'reference':
      return { ...name, kind: 'reference', ...common, ...(def.base && { base: def.base }) };
  }
}

/** Every indicator's definition, in the catalogue's order. */
export const INDICATOR_DEFINITIONS: readonly IndicatorDefinition[] = INDICATORS.map(definitionOf);

/** The definitions of the indicators a programme's report shows. */
export const definitionsOf = (programmes: readonly Programme[]): IndicatorDefinition[] =>
  INDICATOR_DEFINITIONS.filter((d) => d.programmes.some((p) => programmes.includes(p)));
