import type { CaseVault } from '../keys/case-vault';

type Form = {
  riskFactors?: string[];
  mother?: { hivStatus?: string } & Record<string, unknown>;
  children?: Array<{ hivExposed?: boolean; sex?: string } & Record<string, unknown>>;
  household?: Array<{ relation?: string } & Record<string, unknown>>;
  consent?: unknown;
} & Record<string, unknown>;

/**
 * What of a referral form is kept in clear: its codes (risk factors, the consent, the HIV codes the
 * disclosure rules guard, the children's sex, each household member's relation), in the form's own shape so
 * whoever counts reads it as before. Names, dates of birth, phones, addresses and notes are only in the
 * sealed copy.
 */
export function formCodes(form: Form): Form {
  return {
    riskFactors: form.riskFactors ?? [],
    mother: form.mother?.hivStatus ? { hivStatus: form.mother.hivStatus } : {},
    children: (form.children ?? []).map((c) => ({ ...(c.hivExposed !== undefined && { hivExposed: c.hivExposed }), ...(c.sex && { sex: c.sex }) })),
    household: (form.household ?? []).map((h) => ({ relation: h.relation })),
    ...(form.consent !== undefined && { consent: form.consent }),
  };
}

/** The referral form as received: opened from its sealed copy, or as stored before referrals were sealed; null once erased. */
export async function referralForm(vault: CaseVault, referral: { _id: string; form: unknown; sealed?: string | null }): Promise<Form | null> {
  if (!referral.sealed) return referral.form as Form;
  return vault.open<Form>(referral._id, referral.sealed);
}
