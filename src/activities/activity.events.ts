import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../common/relay.js';
import type { NewEvent } from '../live/event-log.js';
import { LoggedEvent } from '../live/logged-event.js';
import { ActivityKind, ActivityStatus } from './activity-enums.js';
import type { Activity } from './activity.entity.js';

export enum ActivityEventType {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  OPENED = 'OPENED',
  STARTED = 'STARTED',
  FINISHED = 'FINISHED',
  CANCELLED = 'CANCELLED',
  DELETED = 'DELETED',
  SIGN_UPS_CHANGED = 'SIGN_UPS_CHANGED',
  FULL = 'FULL',
  ATTENDANCE_CHANGED = 'ATTENDANCE_CHANGED',
  WAITLIST_PROMOTED = 'WAITLIST_PROMOTED',
}

registerEnumType(ActivityEventType, {
  name: 'ActivityEventType',
  valuesConfig: {
    CREATED: { description: 'Announced' },
    UPDATED: { description: 'Title, times, place or capacity changed' },
    OPENED: { description: 'Sign-up opened' },
    STARTED: { description: 'Under way' },
    FINISHED: { description: 'Over' },
    CANCELLED: { description: 'Called off' },
    DELETED: { description: 'Removed; `activity` is null from now on' },
    SIGN_UPS_CHANGED: { description: 'A worker signed up, joined the waitlist or gave a place back' },
    FULL: { description: 'The last place was taken' },
    ATTENDANCE_CHANGED: { description: 'Attendance was recorded, or corrected with a reason' },
    WAITLIST_PROMOTED: { description: 'A place given back went to the first waiting worker(s)' },
  },
});

/** What `activityFeed` sends unless `types` says otherwise: the news, not every sign-up. */
export const FEED_EVENT_TYPES: readonly ActivityEventType[] = [
  ActivityEventType.CREATED,
  ActivityEventType.OPENED,
  ActivityEventType.STARTED,
  ActivityEventType.FINISHED,
  ActivityEventType.CANCELLED,
  ActivityEventType.DELETED,
  ActivityEventType.FULL,
];

const STATUS_EVENTS: Partial<Record<ActivityStatus, ActivityEventType>> = {
  OPEN: ActivityEventType.OPENED,
  RUNNING: ActivityEventType.STARTED,
  FINISHED: ActivityEventType.FINISHED,
  CANCELLED: ActivityEventType.CANCELLED,
};

/** The event a status change announces, or UPDATED for any other change. */
export function updateEventType(before: ActivityStatus, after: ActivityStatus): ActivityEventType {
  return (before !== after && STATUS_EVENTS[after]) || ActivityEventType.UPDATED;
}

/** The activity as committed, for the log: subscribers see the state of that very commit. */
export function activityEvent(activity: Activity, type: ActivityEventType): NewEvent {
  return {
    topic: 'activity',
    type,
    subjectId: activity.id,
    payload: {
      kind: activity.kind,
      title: activity.title,
      status: activity.status,
      capacity: activity.capacity ?? null,
      signUpCount: activity.signUpCount,
      attendanceCount: activity.attendanceCount,
      waitlistCount: activity.waitlistCount,
    },
  };
}

@ObjectType({
  description:
    'Something that happened to an activity. The scalar fields are as of that commit (a replayed event shows the counts it had then); ' +
    '`activity` is the activity as it stands now.',
})
export class ActivityEvent extends LoggedEvent {
  @Field(() => ActivityEventType)
  get type(): ActivityEventType {
    return this.event.type as ActivityEventType;
  }

  @Field(() => ID)
  get activityId(): string {
    return toGlobalId('Activity', this.event.subjectId);
  }

  @Field(() => ActivityKind)
  get kind(): ActivityKind {
    return this.event.payload.kind as ActivityKind;
  }

  @Field(() => String)
  get title(): string {
    return this.event.payload.title as string;
  }

  @Field(() => ActivityStatus)
  get status(): ActivityStatus {
    return this.event.payload.status as ActivityStatus;
  }

  @Field(() => Int, { nullable: true })
  get capacity(): number | null {
    return (this.event.payload.capacity as number | null) ?? null;
  }

  @Field(() => Int)
  get signUpCount(): number {
    return this.event.payload.signUpCount as number;
  }

  @Field(() => Int, { nullable: true, description: 'Places left then; null when there is no limit.' })
  get placesLeft(): number | null {
    return this.capacity == null ? null : Math.max(0, this.capacity - this.signUpCount);
  }

  @Field(() => Int, { description: 'Workers waiting for a place then.' })
  get waitlistCount(): number {
    return (this.event.payload.waitlistCount as number | undefined) ?? 0;
  }

  @Field(() => Int)
  get attendanceCount(): number {
    return this.event.payload.attendanceCount as number;
  }
}
