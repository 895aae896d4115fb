import { createHash } from 'node:crypto';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../common/relay.js';
import type { NewEvent } from '../live/event-log.js';
import { LoggedEvent } from '../live/logged-event.js';
import { SignUpStatus } from './activity-enums.js';
import type { Activity } from './activity.entity.js';

export enum SignUpEventType {
  SIGNED_UP = 'SIGNED_UP',
  WAITLISTED = 'WAITLISTED',
  PROMOTED = 'PROMOTED',
  CANCELLED = 'CANCELLED',
  CHECKED_IN = 'CHECKED_IN',
}

registerEnumType(SignUpEventType, {
  name: 'SignUpEventType',
  valuesConfig: {
    SIGNED_UP: { description: 'They took a place' },
    WAITLISTED: { description: 'The activity was full: they wait for a place' },
    PROMOTED: { description: 'A place was given back and is theirs now' },
    CANCELLED: { description: 'The sign-up was cancelled, by them, by staff or with the activity' },
    CHECKED_IN: { description: "Their attendance was recorded with the site's code" },
  },
});

/** How the event log names a worker: a digest of their subject, so the log holds no identity in clear. */
export function workerKey(workerId: string): string {
  return createHash('sha256').update(`unionhub-worker:${workerId}`).digest('base64url');
}

/** The event a worker's own subscription gets for a change to a sign-up they made; none for staff-recorded ones. */
export function signUpEvent(
  signUp: { id: number; workerId?: string | null; status: SignUpStatus },
  activity: Activity,
  type: SignUpEventType,
): NewEvent[] {
  if (!signUp.workerId) return [];
  return [
    {
      topic: 'sign-up',
      type,
      subjectId: activity.id,
      payload: {
        worker: workerKey(signUp.workerId),
        signUpId: signUp.id,
        status: signUp.status,
        title: activity.title,
      },
    },
  ];
}

@ObjectType({
  description:
    "Something that happened to one of the signed-in worker's own sign-ups. `status` is as of that commit; " +
    '`signUp` is the sign-up as it stands now.',
})
export class SignUpEvent extends LoggedEvent {
  @Field(() => SignUpEventType)
  get type(): SignUpEventType {
    return this.event.type as SignUpEventType;
  }

  @Field(() => ID)
  get signUpId(): string {
    return toGlobalId('SignUp', this.signUpRowId);
  }

  get signUpRowId(): number {
    return this.event.payload.signUpId as number;
  }

  @Field(() => ID)
  get activityId(): string {
    return toGlobalId('Activity', this.event.subjectId);
  }

  @Field(() => String, { description: "The activity's title then." })
  get title(): string {
    return this.event.payload.title as string;
  }

  @Field(() => SignUpStatus)
  get status(): SignUpStatus {
    return this.event.payload.status as SignUpStatus;
  }
}
