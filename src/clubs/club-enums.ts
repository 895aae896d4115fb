import { registerEnumType } from 'type-graphql';

/** What a club does: the interest groups and culture teams of the articles. */
export enum ClubKind {
  SPORTS = 'SPORTS',
  ARTS = 'ARTS',
  READING = 'READING',
  SKILLS = 'SKILLS',
  VOLUNTEERING = 'VOLUNTEERING',
  OTHER = 'OTHER',
}

registerEnumType(ClubKind, {
  name: 'ClubKind',
  valuesConfig: {
    SPORTS: { description: '体育: a team or interest group of a sport, e.g. air volleyball, table tennis, running' },
    ARTS: { description: '文艺: a dance, chorus, drama, music, calligraphy or photography team' },
    READING: { description: '阅读: a book club or reading-sharing group' },
    SKILLS: { description: '技能: a skills or craftsmanship studio, e.g. a model workers’ innovation studio' },
    VOLUNTEERING: { description: '志愿: a volunteer service team' },
    OTHER: { description: 'Any other interest group' },
  },
});

/** Where a worker's membership stands. */
export enum ClubMemberStatus {
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
  DECLINED = 'DECLINED',
  LEFT = 'LEFT',
}

registerEnumType(ClubMemberStatus, {
  name: 'ClubMemberStatus',
  valuesConfig: {
    PENDING: { description: 'Asked to join a club that needs staff approval; takes no place until approved' },
    ACTIVE: { description: 'A member: holds one of the club’s places' },
    DECLINED: { description: 'The club’s staff declined the request, with a reason' },
    LEFT: { description: 'Left the club (or withdrew the request); kept as history' },
  },
});

/** The level of the body that awarded an honour, as the articles rank them. */
export enum HonourLevel {
  NATIONAL = 'NATIONAL',
  PROVINCIAL = 'PROVINCIAL',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
}

registerEnumType(HonourLevel, {
  name: 'HonourLevel',
  valuesConfig: {
    NATIONAL: { description: '全国: e.g. by the All-China Federation of Trade Unions' },
    PROVINCIAL: { description: '省级: e.g. by the Zhejiang Federation of Trade Unions' },
    CITY: { description: '市级' },
    COUNTY: { description: '县(市、区)级' },
  },
});
