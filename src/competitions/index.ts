/** What other modules (the live subscriptions) use from competitions. */
export { competitionById, competitionEntryById, matchById, standingsByCompetition } from './competition.loaders.js';
export { CompetitionEventType, CompetitionFormat, MatchStatus } from './competition-enums.js';
export { Competition } from './competition.entity.js';
export { CompetitionEntry } from './competition-entry.entity.js';
export { Match } from './match.entity.js';
export { JudgeScore } from './judge-score.entity.js';
export { Standing } from './competition.types.js';
