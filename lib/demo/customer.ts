// One demo customer: who they are (name, company, region, contact details) and what happened
// with them (a History). Drawn from the customer's own random stream — seeded by the seed and
// the customer's index only — so customer #i is the same in every org made with that seed.
import { archetypeOf, type Archetype } from './archetypes.ts';
import { cityFor, companyName, INDUSTRY_NAMES, MAIL_HOSTS, MOBILE_PREFIXES, personName, PRODUCTS, SERVICES, SOURCES } from './names.ts';
import { Rng } from './prng.ts';
import { customerHistory } from './story.ts';
import { DAY, type History, type Needs } from './story-kit.ts';

export type CustomerPlan = {
  index: number;
  externalId: string;
  archetype: Archetype;
  repIndex: number; // 0–5: reps 1–3 are team 0 (华东一组), 4–6 team 1 (华南二组)
  name: string;
  kind: 'b2b' | 'b2c';
  industry: string | null;
  region: string;
  phone: string;
  email: string | null;
  wechat: string | null;
  company: string | null;
  needs: Needs | null; // what the rep wrote down, if anything; the engine derives the real one from orders
  source: string;
  createdAt: number;
  dealTitle: string;
  history: History;
};

const PROSPECTS: ReadonlySet<Archetype> = new Set(['prospect_potential', 'prospect_wait', 'prospect_intent', 'prospect_opportunity', 'lost']);

/**
 * Mobile numbers: carrier prefix + an 8-digit suffix that is a bijection of the index
 * (7654321 is coprime with 10^8), so numbers are unique without a set of the ones used.
 */
function mobile(rng: Rng, index: number, seed: number): string {
  const suffix = (index * 7654321 + (seed >>> 0) * 7919) % 100_000_000;
  return rng.pick(MOBILE_PREFIXES) + String(suffix).padStart(8, '0');
}

export function planCustomer(index: number, seed: number, day0: number): CustomerPlan {
  const rng = new Rng(`crystal-demo:${seed}:customer:${index}`);
  const archetype = archetypeOf(index, seed);
  const team = rng.chance(0.5) ? 0 : 1;
  const repIndex = team * 3 + rng.int(0, 2);
  const kind = rng.chance(0.65) ? 'b2b' : 'b2c';
  const person = personName(rng);
  const { region, city } = cityFor(rng, team);
  const industry = kind === 'b2b' ? rng.pick(INDUSTRY_NAMES) : null;
  const company = industry ? companyName(rng, city, industry) : null;
  const phone = mobile(rng, index, seed);

  let email: string | null = null;
  if (company && rng.chance(0.6)) email = `${person.pinyin}@${company.domain}`;
  else if (!company && rng.chance(0.4))
    email = rng.chance(0.5) ? `${rng.int(10_000_000, 2_999_999_999)}@qq.com` : `${person.pinyin}${rng.int(1, 999)}@${rng.pick(MAIL_HOSTS)}`;
  const wechat = rng.chance(0.55) ? (rng.chance(0.5) ? `${person.pinyin}${rng.int(10, 9999)}` : `wxid_${rng.hex(6)}`) : null;

  const needs = rng.weighted({ product: 45, service: 20, both: 35 } satisfies Record<Needs, number>);
  // Typical product order: b2b in the tens of thousands, b2c in the hundreds, times a
  // Pareto multiplier — a few customers buy far more than the rest (value tiers, seed 001).
  const unitAmount = (kind === 'b2b' ? rng.int(8, 30) * 1000 : rng.int(3, 30) * 100) * rng.pareto(1.4, 30);
  const source = rng.pick(SOURCES);

  const history = customerHistory({ rng, day0, archetype, needs, unitAmount });

  // Reps note the need for some customers; for buyers what they wrote agrees with what they buy.
  const kinds = new Set(history.orders.map((o) => o.kind));
  const bought: Needs | null = kinds.size === 2 ? 'both' : kinds.has('service') ? 'service' : kinds.has('product') ? 'product' : null;
  const declared = PROSPECTS.has(archetype) ? (rng.chance(0.5) ? needs : null) : rng.chance(0.3) ? bought : null;

  const first = Math.min(
    ...history.interactions.map((i) => i.at),
    ...(history.deal ? [history.deal.createdAt] : []),
    ...history.orders.map((o) => o.at),
  );
  const createdAt = first - rng.int(1, 5) * DAY - rng.int(0, 3_600_000);
  const offer = needs === 'service' ? rng.pick(SERVICES) : rng.pick(PRODUCTS);

  return {
    index,
    externalId: `C${String(index + 1).padStart(6, '0')}`,
    archetype,
    repIndex,
    name: person.name,
    kind,
    industry,
    region: `${region}·${city}`,
    phone,
    email,
    wechat,
    company: company?.name ?? null,
    needs: declared,
    source,
    createdAt,
    dealTitle: `${company ? company.name.replace(/有限公司$/, '') : person.name} · ${offer}`,
    history,
  };
}
