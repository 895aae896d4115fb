import { registerEnumType } from 'type-graphql';

export enum SubsidyClaimStatus {
  CLAIMED = 'CLAIMED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  PAID = 'PAID',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(SubsidyClaimStatus, {
  name: 'SubsidyClaimStatus',
  description:
    'CLAIMED → APPROVED (possibly for less, with a reason) → PAID; or REJECTED (with a reason), or WITHDRAWN.',
  valuesConfig: {
    CLAIMED: { description: "Claimed by the organiser's staff (or corrected and claimed again); awaiting a decision" },
    APPROVED: { description: "Approved by the granting union's staff, for the claimed amount or less" },
    REJECTED: { description: 'Turned down, with a reason; the organiser may correct it and claim again' },
    PAID: { description: 'The approved amount was paid out' },
    WITHDRAWN: { description: 'Withdrawn by the organiser, with a reason; the activity may be claimed anew' },
  },
});
