/**
 * The demo's subsidies after the event (先举办后补助), sized from Zhangye: 232,500 yuan
 * leveraged 800+ activities in a year, about 290 yuan an activity. Every county sets a
 * yearly budget of 232,500 yuan for the unions below it, by a differentiated rule
 * (competitions and performances paid more than courses and reading hours, something per
 * attendee, a cap per activity and per union); every town a small one (20,000 yuan) for
 * its villages. About seven in ten finished activities are claimed against the nearest
 * budget above their organiser, with the amount the rule gives their recorded
 * attendance, in every state: paid, approved (some for less, with a reason), claimed,
 * rejected, withdrawn; each with the steps it took. Approvals stop where a budget is
 * spent: the rest wait, CLAIMED.
 *
 * Written in SQL over the rows already seeded (after every activity), in the seed's
 * transaction, with md5 of each activity's id for its dice: the same activities give the
 * same claims. Times lie between the activity's end and the seed's now.
 */
import type { EntityManager } from '@mikro-orm/postgresql';

/** The rules, as setSubsidyBudget stores them. */
const COUNTY_RULES = [
  { kind: 'COMPETITION', perActivityFen: 40_000, perAttendeeFen: 500, minAttendees: 10, activityCapFen: 150_000 },
  { kind: 'PERFORMANCE', perActivityFen: 30_000, perAttendeeFen: 500, minAttendees: 10, activityCapFen: 100_000 },
  { kind: 'EXHIBITION', perActivityFen: 20_000, perAttendeeFen: 200, minAttendees: 5, activityCapFen: 60_000 },
  { kind: null, perActivityFen: 15_000, perAttendeeFen: 300, minAttendees: 5, activityCapFen: 50_000 },
];
const TOWN_RULES = [
  { kind: null, perActivityFen: 8_000, perAttendeeFen: 200, minAttendees: 5, activityCapFen: 30_000 },
];

const DICE = (salt: string) => `(('x' || substr(md5('${salt}' || a.id::text), 1, 8))::bit(32)::bigint % 1000)::int`;

export async function seedSubsidies(tx: EntityManager): Promise<void> {
  // A budget per county and per town, for each year with finished activities.
  await tx.execute(
    `insert into subsidy_budgets (created_at, updated_at, union_id, year, total_fen, union_cap_fen, rules, note)
     select t, t, u.id, y.year,
       case when u.level = 'COUNTY' then 23250000 else 2000000 end,
       case when u.level = 'COUNTY' then 1500000 else 400000 end,
       case when u.level = 'COUNTY' then ?::jsonb else ?::jsonb end,
       case when u.level = 'COUNTY' then '先举办后补助：基层工会先办活动，县级工会按参与人数分类补助' else '村社工会活动补助' end
     from unions u
     cross join (select distinct extract(year from a.starts_at at time zone 'Asia/Shanghai')::int as year
                 from activities a where a.status = 'FINISHED') y
     cross join lateral (select least(now(), make_timestamptz(y.year, 1, 6, 9, 0, 0, 'Asia/Shanghai')) as t) t
     where u.level in ('COUNTY', 'TOWN')
     order by y.year, u.id`,
    [JSON.stringify(COUNTY_RULES), JSON.stringify(TOWN_RULES)],
  );

  // The claims, priced by the rule of their budget, within the union's cap.
  await tx.execute(`create temporary table seeded_claims on commit drop as
    with candidates as (
      select a.id as activity_id, a.organiser_id, a.kind::text as kind, a.attendance_count as attendance, a.starts_at,
             coalesce(a.ends_at, a.starts_at) as ends_at, ${DICE('claim')} as roll, ${DICE('days')} as days,
             (select b.id from subsidy_budgets b join unions g on g.id = b.union_id
              where g.path @> o.path and g.id <> o.id
                and b.year = extract(year from a.starts_at at time zone 'Asia/Shanghai')::int
              order by nlevel(g.path) desc limit 1) as budget_id
      from activities a join unions o on o.id = a.organiser_id
      where a.status = 'FINISHED' and coalesce(a.ends_at, a.starts_at) < now() - interval '2 days'
    ), priced as (
      select c.*, b.union_cap_fen, b.total_fen,
        least(coalesce((r.rule->>'activityCapFen')::bigint, 9000000000000),
              (r.rule->>'perActivityFen')::bigint + (r.rule->>'perAttendeeFen')::bigint * c.attendance) as amount
      from candidates c join subsidy_budgets b on b.id = c.budget_id
      cross join lateral (
        select x as rule from jsonb_array_elements(b.rules) x
        where x->>'kind' = c.kind or x->>'kind' is null order by x->>'kind' is null limit 1) r
      where c.roll < 720 and c.attendance >= (r.rule->>'minAttendees')::int
    ), capped as (
      select p.*, sum(p.amount) over (partition by p.budget_id, p.organiser_id order by p.starts_at, p.activity_id) as held
      from priced p
    ), decided as (
      select c.*, c.ends_at + make_interval(days => 1 + c.days % 5) as claimed_at,
        case
          when now() - c.ends_at < interval '10 days' then 'CLAIMED'
          when c.roll < 400 then case when now() - c.ends_at > interval '20 days' then 'PAID' else 'APPROVED' end
          when c.roll < 560 then 'APPROVED'
          when c.roll < 620 then 'CLAIMED'
          when c.roll < 670 then 'REJECTED'
          when c.roll < 700 then 'WITHDRAWN'
          else 'PARTIAL'
        end as outcome
      from capped c where c.held <= c.union_cap_fen
    ), granted as (
      select d.*, case when d.outcome = 'PARTIAL' then d.amount * 4 / 5
                       when d.outcome in ('PAID', 'APPROVED') then d.amount end as approved
      from decided d
    )
    select g.*, sum(coalesce(g.approved, 0)) over (partition by g.budget_id order by g.claimed_at, g.activity_id) as spent
    from granted g`);
  // Approvals stop where the budget is spent: the rest wait, CLAIMED.
  await tx.execute(
    `update seeded_claims set outcome = 'CLAIMED', approved = null where approved is not null and spent > total_fen`,
  );
  await tx.execute(
    `insert into subsidy_claims (created_at, updated_at, budget_id, union_id, activity_id, status, attendance, claimed_fen,
       approved_fen, evidence, reason, paid_reference, decided_at, paid_at)
     select s.claimed_at,
       case s.outcome when 'PAID' then s.claimed_at + interval '12 days' when 'CLAIMED' then s.claimed_at
                      when 'WITHDRAWN' then s.claimed_at + interval '2 days' else s.claimed_at + interval '3 days' end,
       s.budget_id, s.organiser_id, s.activity_id,
       (case s.outcome when 'PARTIAL' then 'APPROVED' else s.outcome end)::subsidy_claim_status,
       s.attendance, s.amount, s.approved,
       (array['活动照片、签到表已上传', '签到表、新闻报道链接', '活动方案、照片8张、签到表', '现场照片、参与人员名单'])[1 + s.days % 4],
       case s.outcome when 'PARTIAL' then '部分照片未显示活动现场，按八成核定'
                      when 'REJECTED' then '签到表缺少参与职工签名，请补充后重新申报'
                      when 'WITHDRAWN' then '与另一场活动重复申报，撤回' end,
       case when s.outcome = 'PAID' then '补助拨付〔' || extract(year from s.claimed_at)::int || '〕' || s.activity_id || '号' end,
       case when s.outcome in ('PAID', 'APPROVED', 'PARTIAL', 'REJECTED') then s.claimed_at + interval '3 days' end,
       case when s.outcome = 'PAID' then s.claimed_at + interval '12 days' end
     from seeded_claims s order by s.claimed_at, s.activity_id`,
  );
  // Each claim's steps: claimed, then decided (approved or rejected) or withdrawn, then paid.
  await tx.execute(
    `insert into subsidy_claim_steps (claim_id, at, status, attendance, claimed_fen, approved_fen, evidence, reason, staff_id)
     select c.id, st.at, st.status::subsidy_claim_status, c.attendance, c.claimed_fen, st.approved, c.evidence, st.reason, st.staff
     from subsidy_claims c join subsidy_budgets b on b.id = c.budget_id
     cross join lateral (values
       (1, c.created_at, 'CLAIMED', null::bigint, null::text, 'staff-' || c.union_id, true),
       (2, c.created_at + interval '2 days', 'WITHDRAWN', null, c.reason, 'staff-' || c.union_id, c.status = 'WITHDRAWN'),
       (3, c.decided_at, case when c.status = 'REJECTED' then 'REJECTED' else 'APPROVED' end, c.approved_fen,
           case when c.status <> 'PAID' or c.approved_fen < c.claimed_fen then c.reason end, 'staff-' || b.union_id,
           c.decided_at is not null),
       (4, c.paid_at, 'PAID', c.approved_fen, null, 'staff-' || b.union_id, c.paid_at is not null)
     ) as st(n, at, status, approved, reason, staff, taken)
     where st.taken
     order by c.id, st.n`,
  );
}
