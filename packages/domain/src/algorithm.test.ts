import { z } from 'zod';
import { PROGRAMMES, type Reaction } from '@continuum/programmes';
import { FamilyEvent } from './family-event';
import { TaskForms, TaskType } from './task';

/** The values a field of an object schema can take, when it is an enum (optional or not). */
function valuesOf(schema: z.ZodType | undefined): readonly string[] | undefined {
  let s: unknown = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.unwrap();
  return s instanceof z.ZodEnum ? (s.options as string[]) : undefined;
}

/** The outcomes a reaction lists that its form or event cannot give (a misspelt one would never be taken). */
function unreachable(reaction: Reaction, field: z.ZodType | undefined): string[] {
  if (reaction.by === undefined) return Object.keys(reaction.outcomes ?? {});
  const values = valuesOf(field);
  if (!values) return [`${reaction.by} is not a field with a fixed set of values`];
  return Object.keys(reaction.outcomes ?? {}).filter((o) => !values.includes(o));
}

describe.each(PROGRAMMES.map((p) => [p.id, p.algorithm] as const))("the %s programme's algorithm", (_id, algorithm) => {
  it('lists only outcomes a task’s form can give', () => {
    const wrong = Object.entries(algorithm.tasks).flatMap(([type, reaction]) => {
      const form = TaskForms[TaskType.parse(type)] as unknown as z.ZodObject;
      return unreachable(reaction!, reaction!.by ? form.shape[reaction!.by] : undefined).map((o) => `${type}: ${o}`);
    });
    expect(wrong).toEqual([]);
  });

  it('lists only outcomes an event can give, and reacts to every kind of event', () => {
    const events = FamilyEvent.options.map((o) => o as unknown as z.ZodObject);
    const typeOf = (o: z.ZodObject) => (o.shape.type as z.ZodLiteral<string>).value;
    expect(Object.keys(algorithm.familyEvents).sort()).toEqual(events.map(typeOf).sort());
    const wrong = events.flatMap((event) => {
      const reaction = algorithm.familyEvents[typeOf(event) as keyof typeof algorithm.familyEvents];
      return unreachable(reaction, reaction.by ? event.shape[reaction.by] : undefined).map((o) => `${typeOf(event)}: ${o}`);
    });
    expect(wrong).toEqual([]);
  });
});
