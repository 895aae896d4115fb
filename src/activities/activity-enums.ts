import { registerEnumType } from 'type-graphql';

export enum ActivityKind {
  COMPETITION = 'COMPETITION',
  PERFORMANCE = 'PERFORMANCE',
  EXHIBITION = 'EXHIBITION',
  COURSE = 'COURSE',
  LECTURE = 'LECTURE',
  READING = 'READING',
  OUTREACH_SERVICE = 'OUTREACH_SERVICE',
}

registerEnumType(ActivityKind, {
  name: 'ActivityKind',
  valuesConfig: {
    COMPETITION: { description: '比赛/大赛: contests, tournaments' },
    PERFORMANCE: { description: '展演: performances and showcases' },
    EXHIBITION: { description: '展: photography, calligraphy and painting shows' },
    COURSE: { description: '课程/培训: courses and training' },
    LECTURE: { description: '宣讲: lectures and talks' },
    READING: { description: '阅读: reading hours and book clubs' },
    OUTREACH_SERVICE: { description: '服务: outreach services such as health checks at parks' },
  },
});

export enum ActivityStatus {
  PLANNED = 'PLANNED',
  OPEN = 'OPEN',
  RUNNING = 'RUNNING',
  FINISHED = 'FINISHED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(ActivityStatus, {
  name: 'ActivityStatus',
  valuesConfig: {
    PLANNED: { description: 'Announced; sign-up not open yet' },
    OPEN: { description: 'Open for sign-up' },
    RUNNING: { description: 'Under way' },
    FINISHED: { description: 'Over; attendance may still be recorded' },
    CANCELLED: { description: 'Called off' },
  },
});

export enum ActivityAudience {
  ANYONE = 'ANYONE',
  MEMBERS = 'MEMBERS',
}

registerEnumType(ActivityAudience, {
  name: 'ActivityAudience',
  description: 'Who may sign themselves up.',
  valuesConfig: {
    ANYONE: { description: 'Any worker' },
    MEMBERS: { description: "Workers whose union lies in the organiser's subtree" },
  },
});

export enum SignUpStatus {
  SIGNED_UP = 'SIGNED_UP',
  WAITLISTED = 'WAITLISTED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(SignUpStatus, {
  name: 'SignUpStatus',
  valuesConfig: {
    SIGNED_UP: { description: 'Holds a place' },
    WAITLISTED: { description: 'Waits for a place: the first to wait gets the next one given back' },
    CANCELLED: { description: 'Gave the place (or the wait) up' },
  },
});

export enum ActivityOrder {
  STARTS_AT_ASC = 'STARTS_AT_ASC',
  STARTS_AT_DESC = 'STARTS_AT_DESC',
}

registerEnumType(ActivityOrder, {
  name: 'ActivityOrder',
  valuesConfig: {
    STARTS_AT_ASC: { description: 'Earliest start first: a programme, what is coming up' },
    STARTS_AT_DESC: { description: 'Latest start first: a feed of what is happening' },
  },
});
