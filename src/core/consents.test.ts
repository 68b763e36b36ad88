import { describe, expect, it } from 'vitest';
import { consentCreateInput, consentStatus, findCoveringConsent, recipientCovers, REFERRAL_DISCLOSES, REFERRAL_PURPOSES, type ConsentFacts, type DisclosureRecipient } from './consents.ts';

const clinic: DisclosureRecipient = { resourceId: 'clinic', name: 'Kedzie Recovery Clinic', categories: ['moud'] };
const shelter: DisclosureRecipient = { resourceId: 'shelter', name: 'Pacific Garden Mission', categories: ['housing'] };
const health: DisclosureRecipient = { resourceId: 'fqhc', name: 'Erie Family Health', categories: ['primary_care', 'food'] };

const aConsent = (over: Partial<ConsentFacts> = {}): ConsentFacts => ({
  id: 'c1',
  recipient: { kind: 'resource', resourceId: 'clinic', name: 'Kedzie Recovery Clinic' },
  information: ['referral_information'],
  purposes: ['treatment_referral'],
  expiresOn: '2027-01-01',
  signedOn: '2026-03-01',
  revocation: null,
  ...over,
});
const need = (to: DisclosureRecipient) => ({ to, information: REFERRAL_DISCLOSES, purposes: REFERRAL_PURPOSES });
const treating = { kind: 'class', recipientClass: 'treating_providers', name: 'my treating providers' } as const;

describe('consent status', () => {
  it('is active until revoked or past its expiry date', () => {
    expect(consentStatus(aConsent(), '2026-06-01')).toBe('active');
    expect(consentStatus(aConsent(), '2027-01-01')).toBe('active');
    expect(consentStatus(aConsent(), '2027-01-02')).toBe('expired');
    expect(consentStatus(aConsent({ revocation: { revokedOn: '2026-05-01' } }), '2026-05-01')).toBe('revoked');
    expect(consentStatus(aConsent({ expiresOn: null }), '2099-01-01')).toBe('active');
  });
});

describe('"my treating providers"', () => {
  it('covers MOUD, primary care, behavioral health and HIV/hepatitis care; not housing', () => {
    expect(recipientCovers(treating, clinic)).toBe(true);
    expect(recipientCovers(treating, health)).toBe(true);
    expect(recipientCovers(treating, { ...shelter, categories: ['behavioral_health'] })).toBe(true);
    expect(recipientCovers(treating, { ...shelter, categories: ['hiv_hepatitis_care'] })).toBe(true);
    expect(recipientCovers(treating, shelter)).toBe(false);
    expect(recipientCovers(treating, { ...shelter, categories: ['harm_reduction', 'legal'] })).toBe(false);
  });
  it('a named organization covers only itself', () => {
    expect(recipientCovers(aConsent().recipient, clinic)).toBe(true);
    expect(recipientCovers(aConsent().recipient, health)).toBe(false);
  });
});

describe('the consent that allows a referral', () => {
  it('is an active one naming the organization (or its class) with referral information and a referral purpose', () => {
    const check = findCoveringConsent([aConsent()], need(clinic), '2026-03-02');
    expect(check).toMatchObject({ ok: true, consent: { id: 'c1' } });
    expect(findCoveringConsent([aConsent({ recipient: treating, purposes: ['care_coordination'] })], need(health), '2026-03-02').ok).toBe(true);
  });

  it('the newest signed wins when several cover it', () => {
    const check = findCoveringConsent([aConsent(), aConsent({ id: 'c2', signedOn: '2026-03-02' })], need(clinic), '2026-03-02');
    expect(check.ok && check.consent.id).toBe('c2');
  });

  it('says exactly what is missing: organization, classes that would cover it, information and purposes', () => {
    const none = findCoveringConsent([], need(clinic), '2026-03-02');
    expect(none).toEqual({
      ok: false,
      lapsed: [],
      message:
        'No active consent allows sharing referral information with Kedzie Recovery Clinic. Record the participant\'s written consent to disclose referral information to Kedzie Recovery Clinic or “my treating providers”, for treatment referral or care coordination.',
    });
    const forShelter = findCoveringConsent([], need(shelter), '2026-03-02');
    expect(!forShelter.ok && forShelter.message).toContain('to Pacific Garden Mission, for treatment referral');
  });

  it('does not count a consent for another purpose, other information, or another organization', () => {
    expect(findCoveringConsent([aConsent({ purposes: ['payment', 'court_or_probation_reporting'] })], need(clinic), '2026-03-02').ok).toBe(false);
    expect(findCoveringConsent([aConsent({ information: ['moud_treatment'] })], need(clinic), '2026-03-02').ok).toBe(false);
    expect(findCoveringConsent([aConsent({ recipient: treating })], need(shelter), '2026-03-02').ok).toBe(false);
  });

  it('names a revoked or expired consent that would have covered it', () => {
    const revoked = findCoveringConsent([aConsent({ revocation: { revokedOn: '2026-03-02' } })], need(clinic), '2026-03-02');
    expect(revoked).toMatchObject({ ok: false, lapsed: [{ id: 'c1', status: 'revoked' }] });
    expect(!revoked.ok && revoked.message).toContain('The consent that covered this was revoked.');
    const expired = findCoveringConsent([aConsent({ expiresOn: '2026-03-01' })], need(clinic), '2026-03-02');
    expect(!expired.ok && expired.message).toContain('has expired');
    // A revocation dated later has not taken effect yet.
    expect(findCoveringConsent([aConsent({ revocation: { revokedOn: '2026-03-03' } })], need(clinic), '2026-03-02').ok).toBe(true);
  });
});

describe('consent input', () => {
  const base = {
    discloser: 'Cook County Jail peer recovery program',
    recipient: { kind: 'class', recipientClass: 'treating_providers' },
    information: ['referral_information', 'referral_information'],
    purposes: ['treatment_referral'],
    expiresOn: '2027-03-01',
    signature: { kind: 'typed', typedName: 'Samuel Johnson' },
    signedOn: '2026-03-02',
  };
  const paths = (v: unknown) => consentCreateInput.safeParse(v).error?.issues.map((i) => i.path.join('.')) ?? [];

  it('keeps each kind of information once and needs an expiry date or event', () => {
    expect(consentCreateInput.parse(base).information).toEqual(['referral_information']);
    expect(paths({ ...base, expiresOn: null })).toEqual(['expiresOn']);
    expect(paths({ ...base, expiresOn: null, expiryEvent: 'End of probation' })).toEqual([]);
    expect(paths({ ...base, expiresOn: '2026-03-01' })).toEqual(['expiresOn']);
  });

  it('allows irrevocability only for court or probation reporting, not before signing', () => {
    expect(paths({ ...base, irrevocableUntil: '2026-09-01' })).toEqual(['irrevocableUntil']);
    expect(paths({ ...base, purposes: ['court_or_probation_reporting'], irrevocableUntil: '2026-09-01' })).toEqual([]);
    expect(paths({ ...base, purposes: ['court_or_probation_reporting'], irrevocableUntil: '2026-03-01' })).toEqual(['irrevocableUntil']);
  });

  it('bounds a drawn signature and accepts only PNG', () => {
    expect(paths({ ...base, signature: { kind: 'drawn', typedName: 'S', image: 'data:image/png;base64,iVBORw0KGgo=' } })).toEqual([]);
    expect(paths({ ...base, signature: { kind: 'drawn', typedName: 'S', image: 'data:image/svg+xml;base64,PHN2Zz4=' } })).toEqual(['signature.image']);
    expect(paths({ ...base, signature: { kind: 'drawn', typedName: 'S', image: `data:image/png;base64,${'A'.repeat(200_001)}` } })).toEqual(['signature.image']);
  });
});
