import { registerEnumType } from 'type-graphql';

export enum CompetitionFormat {
  MATCHES = 'MATCHES',
  JUDGED = 'JUDGED',
}

registerEnumType(CompetitionFormat, {
  name: 'CompetitionFormat',
  valuesConfig: {
    MATCHES: { description: 'Home-versus-away matches with scores; standings by points' },
    JUDGED: { description: 'Judges score each entry per round; standings by total' },
  },
});

export enum MatchStatus {
  SCHEDULED = 'SCHEDULED',
  LIVE = 'LIVE',
  FINISHED = 'FINISHED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(MatchStatus, {
  name: 'MatchStatus',
  valuesConfig: {
    SCHEDULED: { description: 'Not started; no score yet' },
    LIVE: { description: 'Under way; the score changes' },
    FINISHED: { description: 'Over; counts in the standings' },
    CANCELLED: { description: 'Called off; never counts' },
  },
});

/** What a competition event in the event log says happened (`events.type`, topic `competition`). */
export enum CompetitionEventType {
  RULES_CHANGED = 'RULES_CHANGED',
  ENTRIES_REGISTERED = 'ENTRIES_REGISTERED',
  MATCHES_SCHEDULED = 'MATCHES_SCHEDULED',
  MATCH_STARTED = 'MATCH_STARTED',
  SCORE_CHANGED = 'SCORE_CHANGED',
  MATCH_FINISHED = 'MATCH_FINISHED',
  MATCH_CANCELLED = 'MATCH_CANCELLED',
  SCORE_CORRECTED = 'SCORE_CORRECTED',
  JUDGE_SCORES_RECORDED = 'JUDGE_SCORES_RECORDED',
  JUDGE_SCORE_CORRECTED = 'JUDGE_SCORE_CORRECTED',
  CANCELLED = 'CANCELLED',
  DELETED = 'DELETED',
}

/** Nothing follows these: competitionUpdated ends after sending one. */
export const FINAL_COMPETITION_EVENTS: readonly CompetitionEventType[] = [
  CompetitionEventType.CANCELLED,
  CompetitionEventType.DELETED,
];

registerEnumType(CompetitionEventType, {
  name: 'CompetitionEventType',
  valuesConfig: {
    RULES_CHANGED: { description: 'Format or points changed' },
    ENTRIES_REGISTERED: { description: 'Teams or contestants joined' },
    MATCHES_SCHEDULED: { description: 'Matches were added to the schedule' },
    MATCH_STARTED: { description: 'A match went LIVE at 0:0' },
    SCORE_CHANGED: { description: 'A live score changed' },
    MATCH_FINISHED: { description: 'A match ended; standings moved' },
    MATCH_CANCELLED: { description: 'A match was called off' },
    SCORE_CORRECTED: { description: "A finished match's score was corrected" },
    JUDGE_SCORES_RECORDED: { description: 'Judges scored an entry in a round' },
    JUDGE_SCORE_CORRECTED: { description: "One judge's score was corrected" },
    CANCELLED: {
      description:
        'The competition was called off (`reason`: its note); the last event, the subscription then completes',
    },
    DELETED: {
      description:
        'The competition was deleted (it held no entries or results); the last event, the subscription then completes',
    },
  },
});
