import { describe, expect, it } from 'vitest';
import { judgedStandings, matchStandings, roundScore } from '../src/competitions/standings.js';

const teams = ['甲队', '乙队', '丙队', '丁队'].map((name, i) => ({ id: i + 1, name }));
const m = (homeEntryId: number, awayEntryId: number, homeScore: number, awayScore: number) => ({
  homeEntryId,
  awayEntryId,
  homeScore,
  awayScore,
});

describe('matchStandings', () => {
  it('counts wins, draws and losses with the given points', () => {
    const rows = matchStandings(teams, [m(1, 2, 2, 0), m(3, 4, 1, 1)], {
      pointsForWin: 2,
      pointsForDraw: 1,
      pointsForLoss: 0,
    });
    expect(rows.map((r) => [r.rank, r.entryId, r.points, r.played, r.won, r.drawn, r.lost])).toEqual([
      [1, 1, 2, 1, 1, 0, 0],
      [2, 4, 1, 1, 0, 1, 0], // 丁 (U+4E01) before 丙 (U+4E19): names order by code point
      [2, 3, 1, 1, 0, 1, 0],
      [4, 2, 0, 1, 0, 0, 1],
    ]);
  });

  it('breaks ties by difference, then scores for, then wins, then name (name does not split a rank)', () => {
    const rules = { pointsForWin: 3, pointsForDraw: 1, pointsForLoss: 0 };
    // 甲 and 乙 both 3 points; 甲 +3, 乙 +1.
    expect(matchStandings(teams.slice(0, 3), [m(1, 3, 3, 0), m(2, 3, 2, 1)], rules).map((r) => r.entryId)).toEqual([
      1, 2, 3,
    ]);
    // Equal difference (+1): more scored first.
    expect(
      matchStandings(teams.slice(0, 3), [m(1, 3, 1, 0), m(2, 3, 3, 2)], rules).map((r) => [r.entryId, r.rank]),
    ).toEqual([
      [2, 1],
      [1, 2],
      [3, 3],
    ]);
    // 3 points from one win beats 3 points from three draws at equal difference and scores for.
    const wins = matchStandings(
      teams,
      [m(1, 4, 1, 1), m(1, 3, 1, 1), m(1, 2, 1, 1), m(2, 3, 1, 1), m(4, 2, 1, 0)],
      rules,
    );
    expect(wins.find((r) => r.entryId === 4)!.rank).toBeLessThan(wins.find((r) => r.entryId === 1)!.rank);
    // Fully equal: same rank, listed by name.
    const equal = matchStandings(
      [
        { id: 7, name: '乙队' },
        { id: 8, name: '甲队' },
      ],
      [m(7, 8, 1, 1)],
      rules,
    );
    expect(equal.map((r) => [r.entryId, r.rank])).toEqual([
      [7, 1],
      [8, 1],
    ]); // 乙 (U+4E59) before 甲 (U+7532)
  });

  it('lists entries without results at zero', () => {
    expect(
      matchStandings(teams.slice(0, 2), [], { pointsForWin: 3, pointsForDraw: 1, pointsForLoss: 0 }).map((r) => [
        r.rank,
        r.points,
      ]),
    ).toEqual([
      [1, 0],
      [1, 0],
    ]);
  });
});

describe('judged standings', () => {
  it('drops one highest and one lowest from 3 or more judges and rounds half up', () => {
    expect(roundScore([9000, 8000, 8500, 9500, 7000], true)).toBe(8500);
    expect(roundScore([9000, 8000, 8500, 9500, 7000], false)).toBe(8400);
    expect(roundScore([9000, 8001], true)).toBe(8501); // 8500.5 → 8501: only 2 judges, nothing dropped
    expect(roundScore([100, 101, 101, 100, 0, 10000], true)).toBe(101); // (100+101+101+100)/4 = 100.5 → 101
    expect(roundScore([8333, 8333, 8334], false)).toBe(8333); // 8333.33…
    expect(roundScore([], true)).toBe(0);
  });

  it('ranks by total, then best round, then name', () => {
    const singers = [
      { id: 1, name: '王芳' },
      { id: 2, name: '李强' },
      { id: 3, name: '张伟' },
    ];
    const mark = (entryId: number, round: number, hundredths: number) => ({ entryId, round, hundredths });
    const rows = judgedStandings(
      singers,
      [mark(1, 1, 9000), mark(1, 2, 8000), mark(2, 1, 8500), mark(2, 2, 8500), mark(3, 1, 9500)],
      true,
    );
    // 王芳 170 (best 90) and 李强 170 (best 85): best round decides; 张伟 has no round 2 yet.
    expect(rows.map((r) => [r.entryId, r.rank, r.total, r.roundScores])).toEqual([
      [1, 1, 17000, [9000, 8000]],
      [2, 2, 17000, [8500, 8500]],
      [3, 3, 9500, [9500, 0]],
    ]);
    const tied = judgedStandings(singers.slice(0, 2), [mark(1, 1, 9000), mark(2, 1, 9000)], true);
    expect(tied.map((r) => [r.entryId, r.rank])).toEqual([
      [2, 1],
      [1, 1],
    ]); // 李 < 王 by code point
  });
});
