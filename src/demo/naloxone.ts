/**
 * The demo's naloxone and critical events. Every site received a case from the
 * state a year ago, an old lot that expired last month (what was left destroyed)
 * and a short-dated donation three weeks ago that expires within 60 days (an
 * expiry alert). The hub sent part of its case to Cook County Jail. Coaches give
 * kits to people at release and to their families; each site hands out kits at
 * community events; a few kits were used to reverse overdoses and refills asked
 * for. Some participants had an overdose, an ED visit or an arrest after release.
 * Kits are drawn first-expiry-first-out by the same rule as the API, simulated in
 * date order, and written through the services' bulk imports.
 */
import { addDays } from '../core/enrollments.ts';
import type { CriticalEventInput, CriticalEventKind, EventSource } from '../core/events.ts';
import { pickLots, signedKits, type CommunityRecipient, type DistributionInput, type NaloxoneProduct, type SupportRelationship } from '../core/naloxone.ts';
import type { Tx } from '../server/db/database.ts';
import { importCriticalEvents } from '../server/events/events.service.ts';
import type { Actor } from '../server/http/actor.ts';
import { importNaloxoneHistory, type NaloxoneHistory } from '../server/naloxone/naloxone.import.ts';
import { DEMO_SEED } from './participants.ts';
import { PERSONAS, personaSiteIds, staffOf, type Persona } from './personas.ts';
import { Random } from './random.ts';
import { DEMO_SITE_LIST, DEMO_SITES, type DemoSiteKey } from './sites.ts';
import { Calendar, type PlannedParticipant } from './timeline.ts';

const actorOf = (p: Persona): Actor => ({ userId: p.id, name: p.name, role: p.role, siteIds: personaSiteIds(p), via: 'session', tokenId: null, clientAddress: null });

const STATE_SOURCE = 'Illinois Department of Human Services (SUPR naloxone program)';
const DONOR = 'Chicago Recovery Alliance (short-dated donation)';
const SUPPORT_NAMES = ['Rosa (mother)', 'Denise (sister)', 'Marcus (brother)', 'Angela (partner)', 'Mr. Lee (neighbor)', 'Tía Carmen', null, null, null] as const;
const ZIPS: Record<string, readonly string[]> = {
  Cook: ['60608', '60623', '60624', '60612', '60644', '60651'],
  Lake: ['60085', '60064', '60073'],
  Will: ['60432', '60433', '60436'],
  Winnebago: ['61101', '61102', '61104'],
  Logan: ['62656'],
};
const EVENTS = ['Harm-reduction outreach', 'Neighborhood health fair', 'Family night at the recovery center', 'Overdose Awareness Day vigil'] as const;

interface SimLot {
  key: string;
  site: DemoSiteKey;
  product: NaloxoneProduct;
  lotNumber: string;
  expiresOn: string;
  onHand: number;
}

type Step =
  | { on: string; kind: 'receive'; lot: SimLot; kits: number; source: string; by: Actor }
  | { on: string; kind: 'transfer'; from: SimLot; to: SimLot; kits: number; by: Actor }
  | { on: string; kind: 'destroy_rest'; lot: SimLot; by: Actor }
  | { on: string; kind: 'lost' | 'adjust'; lot: SimLot; kits: number; by: Actor }
  | { on: string; kind: 'give'; key: string; site: DemoSiteKey; input: Omit<DistributionInput, 'kits' | 'product' | 'siteId'>; product: NaloxoneProduct; kits: number; by: Actor };

/** A participant's release date at the end of their story (null: never released in the demo). */
function releaseOf(plan: PlannedParticipant): string | null {
  let release = plan.input.releaseDate ?? null;
  for (const c of plan.changes) if (c.changes.releaseDate !== undefined) release = c.changes.releaseDate;
  return release;
}

export async function seedDemoNaloxone(
  tx: Tx,
  plans: readonly PlannedParticipant[],
  current: ReadonlyMap<string, { id: string; site: DemoSiteKey }>,
  now: Date,
): Promise<{ lots: number; distributions: number; reversals: number; events: number }> {
  const rng = new Random(DEMO_SEED + 12);
  const cal = new Calendar(now);
  const today = cal.isoOf(now);
  const day = (offset: number) => addDays(today, offset);
  const at = (iso: string) => new Date(Math.min(Date.parse(`${iso}T17:00:00Z`), now.getTime() - 60_000));
  const admin = actorOf(PERSONAS.admin);
  const managerOf = (site: DemoSiteKey) => (PERSONAS.siteManager.sites.includes(site) ? actorOf(PERSONAS.siteManager) : admin);
  const staffActor = (site: DemoSiteKey) => {
    const team = staffOf(site);
    return team.length > 0 ? actorOf(rng.pick(team)) : admin;
  };

  const lots: SimLot[] = [];
  const steps: Step[] = [];
  const lot = (site: DemoSiteKey, product: NaloxoneProduct, lotNumber: string, expiresOn: string): SimLot => {
    const l = { key: `${site}:${lotNumber}`, site, product, lotNumber, expiresOn, onHand: 0 };
    lots.push(l);
    return l;
  };

  DEMO_SITE_LIST.forEach((s, i) => {
    const n = 2400 + i * 37;
    const by = managerOf(s.key);
    const big = s.key === 'hub' ? 240 : s.key === 'cookJail' ? 96 : 48;
    steps.push({ on: day(-380), kind: 'receive', lot: lot(s.key, 'nasal_4mg', `NX${String(n)}A`, day(420 + i * 9)), kits: big, source: STATE_SOURCE, by });
    steps.push({ on: day(-380), kind: 'receive', lot: lot(s.key, 'nasal_4mg', `NX${String(n - 900)}X`, day(-30 - i)), kits: 12, source: STATE_SOURCE, by });
    const expired = lots.at(-1);
    if (expired) steps.push({ on: day(-25), kind: 'destroy_rest', lot: expired, by });
    steps.push({ on: day(-20), kind: 'receive', lot: lot(s.key, 'nasal_4mg', `CRA${String(n + 5)}S`, day(28 + i * 3)), kits: 24, source: DONOR, by });
    if (s.type === 'emergency_department' || s.key === 'hub') {
      steps.push({ on: day(-200), kind: 'receive', lot: lot(s.key, 'nasal_8mg', `K8${String(n)}`, day(300 + i)), kits: 12, source: STATE_SOURCE, by });
    }
    if (s.type === 'prison') steps.push({ on: day(-300), kind: 'receive', lot: lot(s.key, 'intramuscular', `IM${String(n)}`, day(500)), kits: 10, source: STATE_SOURCE, by });
    // Community events: kits without names, counted by people and ZIP.
    const zips = ZIPS[s.county] ?? ['60608'];
    for (const [k, offset] of [-300, -150, -45].entries()) {
      const kits = rng.int(8, 18);
      steps.push({
        on: day(offset + rng.int(0, 10)),
        kind: 'give',
        key: `${s.key}:event${String(k)}`,
        site: s.key,
        product: 'nasal_4mg',
        kits,
        by: staffActor(s.key),
        input: {
          recipientType: 'community',
          communityRecipient: rng.weighted<CommunityRecipient>([['community_member', 4], ['person_who_uses_drugs', 3], ['family_or_friend', 2], ['service_provider', 1]]),
          peopleCount: kits - rng.int(0, 3),
          zip: rng.pick(zips),
          distributedOn: '',
          trainingGiven: rng.chance(0.8),
          eventName: rng.pick(EVENTS),
          location: rng.pick(['Outreach van', 'Library community room', 'Church hall', 'Park district field house']),
        },
      });
    }
  });
  // The hub sends part of its case to Cook County Jail; a kit goes missing at Cook; Lake's count finds one short.
  const hubCase = lots.find((l) => l.site === 'hub' && l.lotNumber.endsWith('A'));
  if (hubCase) {
    const atCook = lot('cookJail', 'nasal_4mg', hubCase.lotNumber, hubCase.expiresOn);
    steps.push({ on: day(-200), kind: 'transfer', from: hubCase, to: atCook, kits: 24, by: admin });
  }
  const cookCase = lots.find((l) => l.site === 'cookJail' && l.lotNumber.endsWith('A'));
  if (cookCase) steps.push({ on: day(-60), kind: 'lost', lot: cookCase, kits: 1, by: actorOf(PERSONAS.siteManager) });
  const lakeCase = lots.find((l) => l.site === 'lakeJail' && l.lotNumber.endsWith('A'));
  if (lakeCase) steps.push({ on: day(-10), kind: 'adjust', lot: lakeCase, kits: -1, by: admin });

  // Kits at release to participants, and to the people around them.
  const people = plans
    .map((plan) => ({ plan, state: current.get(plan.key) }))
    .filter((p): p is { plan: PlannedParticipant; state: { id: string; site: DemoSiteKey } } => p.state !== undefined && DEMO_SITES[p.state.site].type !== 'hub');
  const released = new Map<string, string>();
  for (const { plan, state } of people) {
    const release = releaseOf(plan);
    const metOn = cal.isoOf(plan.createdAt);
    const base = release && release <= today ? release : metOn;
    const on = base < day(-370) ? day(-370) : base > today ? today : base;
    if (release && release <= today) released.set(state.id, release);
    const zip = rng.pick(ZIPS[DEMO_SITES[state.site].county] ?? ['60608']);
    if (rng.chance(0.4)) {
      steps.push({
        on,
        kind: 'give',
        key: `${plan.key}:self`,
        site: state.site,
        product: 'nasal_4mg',
        kits: rng.int(1, 2),
        by: staffActor(state.site),
        input: { recipientType: 'participant', participantId: state.id, zip, distributedOn: '', trainingGiven: true, location: rng.pick(['Release desk', 'Discharge lounge', 'Home visit', null]) },
      });
    }
    if (rng.chance(0.2)) {
      steps.push({
        on: on < today ? addDays(on, 1) : on,
        kind: 'give',
        key: `${plan.key}:family`,
        site: state.site,
        product: rng.chance(0.85) ? 'nasal_4mg' : 'nasal_8mg',
        kits: 2,
        by: staffActor(state.site),
        input: {
          recipientType: 'support_person',
          participantId: state.id,
          relationship: rng.weighted<SupportRelationship>([['family_member', 6], ['partner', 2], ['friend', 2]]),
          recipientName: rng.pick(SUPPORT_NAMES),
          distributedOn: '',
          trainingGiven: rng.chance(0.9),
          location: 'Family meeting',
        },
      });
    }
  }

  // Simulate in date order: receipts before what they supply, first expiry first out.
  const order = { receive: 0, transfer: 1, adjust: 2, lost: 3, give: 4, destroy_rest: 5 } as const;
  steps.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : order[a.kind] - order[b.kind]));
  const history: NaloxoneHistory = { lots: [], movements: [], distributions: [], reversals: [], refills: [] };
  const given: { key: string; participantId: string | null; site: DemoSiteKey; on: string }[] = [];
  for (const step of steps) {
    switch (step.kind) {
      case 'receive':
        step.lot.onHand += step.kits;
        history.movements.push({ lotKey: step.lot.key, kind: 'received', kits: step.kits, occurredOn: step.on, source: step.source, by: step.by, at: at(step.on) });
        break;
      case 'transfer': {
        const kits = Math.min(step.kits, step.from.onHand);
        if (kits === 0) break;
        step.from.onHand -= kits;
        step.to.onHand += kits;
        const transferKey = `${step.from.key}>${step.to.key}@${step.on}`;
        history.movements.push({ lotKey: step.from.key, kind: 'transfer_out', kits: -kits, occurredOn: step.on, counterpartSiteId: DEMO_SITES[step.to.site].id, transferKey, by: step.by, at: at(step.on) });
        history.movements.push({ lotKey: step.to.key, kind: 'transfer_in', kits, occurredOn: step.on, counterpartSiteId: DEMO_SITES[step.from.site].id, transferKey, by: step.by, at: at(step.on) });
        break;
      }
      case 'destroy_rest':
        if (step.lot.onHand > 0) {
          history.movements.push({ lotKey: step.lot.key, kind: 'expired_destroyed', kits: -step.lot.onHand, occurredOn: step.on, note: 'Expired: returned for destruction', by: step.by, at: at(step.on) });
          step.lot.onHand = 0;
        }
        break;
      case 'lost':
      case 'adjust': {
        if (step.lot.onHand < step.kits) break;
        step.lot.onHand -= step.kits;
        const kind = step.kind === 'lost' ? 'lost' : 'adjustment';
        history.movements.push({
          lotKey: step.lot.key,
          kind,
          kits: kind === 'lost' ? signedKits('lost', step.kits) : step.kits,
          occurredOn: step.on,
          ...(kind === 'adjustment' ? { reason: 'Monthly count: one kit short' } : { note: 'Not found after the unit search' }),
          by: step.by,
          at: at(step.on),
        });
        break;
      }
      case 'give': {
        const candidates = lots.filter((l) => l.site === step.site && l.product === step.product);
        const picked = pickLots(
          candidates.map((l) => ({ id: l.key, lotNumber: l.lotNumber, expiresOn: l.expiresOn, onHand: l.onHand })),
          step.kits,
          step.on,
        );
        if (!picked) break;
        for (const p of picked) {
          const l = candidates.find((c) => c.key === p.lotId);
          if (l) l.onHand -= p.kits;
        }
        const input: DistributionInput = { ...step.input, siteId: DEMO_SITES[step.site].id, product: step.product, kits: step.kits, distributedOn: step.on };
        history.distributions.push({ key: step.key, input, allocations: picked.map((p) => ({ lotKey: p.lotId, kits: p.kits })), by: step.by, at: at(step.on) });
        given.push({ key: step.key, participantId: input.participantId ?? null, site: step.site, on: step.on });
        break;
      }
    }
  }
  history.lots = lots.map((l) => ({ key: l.key, siteId: DEMO_SITES[l.site].id, product: l.product, lotNumber: l.lotNumber, expiresOn: l.expiresOn, at: at(day(-380)) }));

  // A few reported reversals with the kits given to participants' families and at events; refills asked for.
  const usable = given.filter((g, i) => i % 9 === 4 && addDays(g.on, 10) <= today);
  for (const [i, g] of usable.slice(0, 8).entries()) {
    const on = addDays(g.on, rng.int(10, 90));
    const occurredOn = on > today ? today : on;
    const by = staffActor(g.site);
    const siteId = DEMO_SITES[g.site].id;
    history.reversals.push({
      input: {
        siteId,
        occurredOn,
        zip: rng.pick(ZIPS[DEMO_SITES[g.site].county] ?? ['60608']),
        administeredBy: g.participantId ? rng.pick(['family', 'friend', 'participant'] as const) : rng.pick(['bystander', 'friend', 'other'] as const),
        dosesUsed: rng.int(1, 3),
        survived: i === 3 ? 'unknown' : 'yes',
        emsCalled: rng.chance(0.6),
        rescueBreathing: rng.chance(0.3) ? true : null,
      },
      distributionKey: g.key,
      participantId: g.participantId,
      by,
      at: at(occurredOn),
    });
    const requestedOn = occurredOn < today ? addDays(occurredOn, 1) : today;
    history.refills.push({ input: { siteId, reason: 'used', requestedOn }, distributionKey: g.key, participantId: g.participantId, by, at: at(requestedOn) });
  }
  const taken = given.filter((g, i) => g.participantId && i % 13 === 6).slice(0, 3);
  for (const [i, g] of taken.entries()) {
    const requestedOn = addDays(g.on, 30) > today ? today : addDays(g.on, 30);
    history.refills.push({
      input: { siteId: DEMO_SITES[g.site].id, reason: i === 0 ? 'confiscated' : i === 1 ? 'lost' : 'stolen', requestedOn },
      distributionKey: g.key,
      participantId: g.participantId,
      by: staffActor(g.site),
      at: at(requestedOn),
    });
  }
  const imported = await importNaloxoneHistory(tx, history);

  // Critical events after release: some in the first 30 days, when overdose risk is highest.
  let events = 0;
  const kinds: readonly (readonly [CriticalEventKind, EventSource])[] = [
    ['non_fatal_overdose', 'family'],
    ['ed_visit', 'hospital'],
    ['non_fatal_overdose', 'self_report'],
    ['arrest', 'jail_roster'],
    ['hospitalization', 'hospital'],
    ['reincarceration', 'jail_roster'],
  ];
  let k = 0;
  for (const { state } of people) {
    const release = released.get(state.id);
    if (!release || !rng.chance(0.12)) continue;
    const [kind, source] = kinds[k % kinds.length] ?? ['ed_visit', 'hospital'];
    k++;
    const on = addDays(release, rng.chance(0.5) ? rng.int(1, 29) : rng.int(30, 120));
    if (on > today) continue;
    const input: CriticalEventInput = { kind, occurredOn: on, source, notes: kind === 'non_fatal_overdose' ? 'Reversed with naloxone; declined transport' : null };
    const by = staffActor(state.site);
    events += await importCriticalEvents(tx, by, state.id, [{ input, at: at(on) }], now);
  }
  // And one the worklist puts first: an overdose at Cook County three days ago, reversed by his sister with the kit she was given.
  const recent = people.find(({ state }) => state.site === 'cookJail' && (released.get(state.id) ?? today) < addDays(today, -20));
  if (recent) {
    const on = addDays(today, -3);
    const input: CriticalEventInput = { kind: 'non_fatal_overdose', occurredOn: on, source: 'family', notes: 'His sister used the nasal spray; he refused the ambulance' };
    events += await importCriticalEvents(tx, staffActor(recent.state.site), recent.state.id, [{ input, at: at(on) }], now);
  }
  return { lots: imported.lots, distributions: imported.distributions, reversals: history.reversals.length, events };
}
