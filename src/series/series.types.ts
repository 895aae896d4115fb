import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';

export enum SeriesMetric {
  ACTIVITIES_HELD = 'ACTIVITIES_HELD',
  SIGN_UPS = 'SIGN_UPS',
  ATTENDANCE = 'ATTENDANCE',
  FILL_RATE = 'FILL_RATE',
  ORDERS = 'ORDERS',
  NEW_SITES = 'NEW_SITES',
  SUBSIDY_SPEND = 'SUBSIDY_SPEND',
}

registerEnumType(SeriesMetric, {
  name: 'SeriesMetric',
  description: "What a series counts over a union's subtree, bucket by bucket.",
  valuesConfig: {
    ACTIVITIES_HELD: {
      description:
        'Activities organised in the subtree that started in the bucket and took place (RUNNING or FINISHED).',
    },
    SIGN_UPS: {
      description: "Sign-ups made in the bucket for the subtree's activities, leaving out those cancelled since.",
    },
    ATTENDANCE: {
      description:
        "Workers who attended the subtree's activities that started in the bucket, leaving out cancelled activities (as Union.stats counts them).",
    },
    FILL_RATE: {
      description:
        'Sign-ups over places of the activities with a capacity that started in the bucket, cancelled ones left out: 0.8 is 80 % full; 0 for a bucket without such activities.',
    },
    ORDERS: {
      description: 'Orders from the menu placed in the bucket by unions of the subtree, whatever became of them.',
    },
    NEW_SITES: { description: 'Sites of the subtree added to the hub in the bucket.' },
    SUBSIDY_SPEND: {
      description:
        'Subsidies paid in the bucket to unions of the subtree for their activities: the approved amounts, in fen.',
    },
  },
});

export enum SeriesInterval {
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
}

registerEnumType(SeriesInterval, {
  name: 'SeriesInterval',
  description:
    "A bucket's length: a calendar week (Monday to Sunday), month or quarter in the federation's time zone, Asia/Shanghai.",
});

@ObjectType({ description: 'One bucket of a series: a calendar period in Asia/Shanghai and its value.' })
export class SeriesPoint {
  @Field(() => Date, { description: 'Where the bucket starts: midnight in Asia/Shanghai (16:00Z the day before).' })
  startsAt!: Date;

  @Field(() => Date, { description: 'Where the next bucket starts (exclusive).' })
  endsAt!: Date;

  @Field(() => Float, { description: 'The metric over the bucket; 0 for a bucket with nothing in it.' })
  value!: number;
}
