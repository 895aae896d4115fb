import { registerEnumType } from 'type-graphql';

export enum SiteKind {
  CULTURAL_PALACE = 'CULTURAL_PALACE',
  WORKERS_HOME = 'WORKERS_HOME',
  READING_ROOM = 'READING_ROOM',
  OUTDOOR_STATION = 'OUTDOOR_STATION',
  SPORTS_ROOM = 'SPORTS_ROOM',
  ENERGY_STATION = 'ENERGY_STATION',
  WELLBEING_CENTER = 'WELLBEING_CENTER',
  SERVICE_CENTER = 'SERVICE_CENTER',
}

registerEnumType(SiteKind, {
  name: 'SiteKind',
  description: 'Kinds of cultural site (阵地) a union runs.',
  valuesConfig: {
    CULTURAL_PALACE: { description: "工人文化宫: workers' cultural palace" },
    WORKERS_HOME: { description: "职工之家: workers' home" },
    READING_ROOM: { description: "职工书屋: workers' reading room" },
    OUTDOOR_STATION: { description: "工会驿站 / 户外劳动者服务站: outdoor workers' station" },
    SPORTS_ROOM: { description: '职工文体室 / 全民健身中心: sports room or fitness centre' },
    ENERGY_STATION: { description: '美好生活能量站: "good life energy station"' },
    WELLBEING_CENTER: { description: '职工心理幸福体验馆: wellbeing centre' },
    SERVICE_CENTER: { description: '职工服务中心: service centre' },
  },
});

export enum SiteRating {
  NATIONAL = 'NATIONAL',
  PROVINCIAL = 'PROVINCIAL',
  CITY = 'CITY',
}

registerEnumType(SiteRating, {
  name: 'SiteRating',
  description: 'The highest level at which a site is rated (e.g. a national-level model reading room).',
});
