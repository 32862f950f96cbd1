import { PROGRAMMES, type ProgrammeModule } from '@continuum/programmes';
import { DomainError } from '../errors';

/** A programme's id, as its folder in packages/programmes registers it. */
export type ProgrammeId = (typeof PROGRAMMES)[number]['id'];

/** Every programme's id, in the registry's order. */
export const PROGRAMME_IDS = PROGRAMMES.map((p) => p.id) as [ProgrammeId, ...ProgrammeId[]];

const BY_ID = new Map<string, ProgrammeModule<ProgrammeId>>(PROGRAMMES.map((p) => [p.id, p]));

/** A programme's module by its id, or undefined for an id no programme has. */
export const findProgramme = (id: string): ProgrammeModule<ProgrammeId> | undefined => BY_ID.get(id);

/** A programme's module by its id (one from a parsed referral or a case, so it is known). */
export function programmeOf(id: ProgrammeId): ProgrammeModule<ProgrammeId> {
  const programme = BY_ID.get(id);
  if (!programme) throw new DomainError('NOT_FOUND', `no programme ${id}`);
  return programme;
}
