import { Activity } from '../activities/activity.entity.js';
import { Programme } from '../activities/programme.entity.js';
import { SignUp } from '../activities/sign-up.entity.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { ClubHonour, ClubHonourCorrection } from '../clubs/club-honour.entity.js';
import { ClubMember } from '../clubs/club-member.entity.js';
import { Club } from '../clubs/club.entity.js';
import { CompetitionEntry } from '../competitions/competition-entry.entity.js';
import { Competition } from '../competitions/competition.entity.js';
import { JudgeScore } from '../competitions/judge-score.entity.js';
import { Match } from '../competitions/match.entity.js';
import { ServiceCircle } from '../coverage/service-circle.entity.js';
import { MenuItem } from '../menu/menu-item.entity.js';
import { Order } from '../menu/order.entity.js';
import { Site } from '../sites/site.entity.js';
import { SubsidyBudget, SubsidyClaim } from '../subsidies/subsidy.entity.js';
import { Union } from '../unions/union.entity.js';

/** Every entity, listed once: discovery by file glob differs between src and dist. */
export const entities = [
  Union,
  Site,
  Programme,
  Activity,
  SignUp,
  Competition,
  CompetitionEntry,
  Match,
  JudgeScore,
  AuditEntry,
  MenuItem,
  Order,
  Club,
  ClubMember,
  ClubHonour,
  ClubHonourCorrection,
  ServiceCircle,
  SubsidyBudget,
  SubsidyClaim,
];
