import { Entity, Enum, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Node, toGlobalId } from '../common/relay.js';
import { Union } from '../unions/union.entity.js';
import { ClubMemberStatus } from './club-enums.js';
import { Club } from './club.entity.js';

/**
 * A worker's membership of a club, made by the worker with their own token: name, phone
 * and union come from the token. Personal data, read only through the loaders that apply
 * visibleMembers (club.visibility.ts); a fellow member gets the display name and status
 * alone, the loaders clear the rest.
 */
@ObjectType({
  implements: Node,
  description:
    "A worker's membership of a club: personal data. ADMIN, staff of the club's union's subtree and the worker " +
    'themself see all of it; a fellow ACTIVE member sees the ACTIVE members by `displayName` and `status` only ' +
    '(`phone`, `union` and `declineReason` are null); anyone else nothing (`node` answers null, as for an unknown id).',
})
@Entity({ tableName: 'club_members' })
export class ClubMember extends BaseEntity<'status' | 'union' | 'decidedAt' | 'declineReason' | 'leftAt'> {
  @Field(() => ID, { name: 'id' })
  get nodeId(): string {
    return toGlobalId('ClubMember', this.id);
  }

  @ManyToOne(() => Club, { deleteRule: 'restrict' })
  club!: Rel<Club>;

  /** The worker's subject at the identity provider: memberships are theirs alone. */
  @Property({ type: 'text' })
  workerId!: string;

  @Field(() => String, { name: 'displayName', description: "The worker's display name, from their token." })
  @Property({ type: 'string', length: 100 })
  workerName!: string;

  @Field(() => String, {
    nullable: true,
    description: "The worker's mobile number; null to a fellow member.",
  })
  @Property({ type: 'string', length: 20, nullable: true })
  phone?: string | null;

  @ManyToOne(() => Union, { nullable: true, deleteRule: 'set null', index: true })
  union?: Rel<Union> | null;

  @Field(() => ClubMemberStatus)
  @Enum({ items: () => ClubMemberStatus, nativeEnumName: 'club_member_status', default: ClubMemberStatus.ACTIVE })
  status: ClubMemberStatus = ClubMemberStatus.ACTIVE;

  /** When staff approved or declined it; kept, not shown. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  decidedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the staff declined it; null to a fellow member.' })
  @Property({ type: 'text', nullable: true })
  declineReason?: string | null;

  /** When the worker left; kept, not shown. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  leftAt?: Date | null;
}
