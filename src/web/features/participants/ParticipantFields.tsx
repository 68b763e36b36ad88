import { COMMON_LANGUAGES, CUSTODY_STATUSES, ETHNICITIES, GENDERS, RACES, REFERRAL_SOURCES } from '../../../core/enums.ts';
import type { Site } from '../../../core/schemas.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { languageName } from '../../i18n/format.ts';
import { CheckboxGroup, RadioGroup } from '../../ui/ChoiceGroup.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { OTHER_LANGUAGE, type ParticipantField, type ParticipantFormValues } from './formValues.ts';

export interface ParticipantFieldsProps {
  values: ParticipantFormValues;
  onChange: (patch: Partial<ParticipantFormValues>) => void;
  errors: Partial<Record<ParticipantField, string>>;
  sites: readonly Site[];
}

/** The id of the control to focus for a field's error (groups: their first choice). */
export function controlIdFor(field: ParticipantField, values: ParticipantFormValues): string {
  if (field === 'race' || field === 'custodyStatus') return `field-${field}-0`;
  if (field === 'preferredLanguage') return values.languageChoice === OTHER_LANGUAGE ? 'field-languageOther' : 'field-languageChoice';
  return `field-${field}`;
}

/** Every input of participantCreateInput, grouped as a coach thinks about them. */
export function ParticipantFields({ values, onChange, errors, sites }: ParticipantFieldsProps) {
  const { t, locale } = useI18n();
  const otherLanguage = values.languageChoice === OTHER_LANGUAGE;
  const otherName = otherLanguage && values.languageOther.trim() ? languageName(values.languageOther.trim(), locale) : '';

  return (
    <>
      <fieldset className="form-section">
        <legend>{t('participant.section.identity')}</legend>
        <SelectField
          name="siteId"
          label={t('participant.site')}
          value={values.siteId}
          onChange={(siteId) => onChange({ siteId })}
          options={sites.map((s) => ({ value: s.id, label: s.name }))}
          placeholder={t('ui.choose')}
          error={errors.siteId}
        />
        <div className="field-row">
          <TextField name="firstName" label={t('participant.firstName')} autoComplete="off" value={values.firstName} onChange={(firstName) => onChange({ firstName })} error={errors.firstName} />
          <TextField name="lastName" label={t('participant.lastName')} autoComplete="off" value={values.lastName} onChange={(lastName) => onChange({ lastName })} error={errors.lastName} />
        </div>
        <TextField
          name="preferredName"
          label={t('participant.preferredName')}
          hint={t('participant.preferredNameHint')}
          optional
          autoComplete="off"
          value={values.preferredName}
          onChange={(preferredName) => onChange({ preferredName })}
          error={errors.preferredName}
        />
        <TextField
          name="dateOfBirth"
          type="date"
          label={t('participant.dateOfBirth')}
          min="1900-01-01"
          value={values.dateOfBirth}
          onChange={(dateOfBirth) => onChange({ dateOfBirth })}
          error={errors.dateOfBirth}
          className="field--date"
        />
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('participant.section.demographics')}</legend>
        <SelectField
          name="gender"
          label={t('participant.gender')}
          optional
          value={values.gender}
          onChange={(gender) => onChange({ gender: gender as ParticipantFormValues['gender'] })}
          options={GENDERS.map((g) => ({ value: g, label: t(`gender.${g}`) }))}
          placeholder={t('ui.notRecorded')}
          error={errors.gender}
        />
        <CheckboxGroup
          name="race"
          legend={t('participant.race')}
          hint={t('participant.raceHint')}
          optional
          options={RACES.map((r) => ({ value: r, label: t(`race.${r}`) }))}
          values={values.race}
          onChange={(race) => onChange({ race: race as ParticipantFormValues['race'] })}
          error={errors.race}
        />
        <SelectField
          name="ethnicity"
          label={t('participant.ethnicity')}
          optional
          value={values.ethnicity}
          onChange={(ethnicity) => onChange({ ethnicity: ethnicity as ParticipantFormValues['ethnicity'] })}
          options={ETHNICITIES.map((e) => ({ value: e, label: t(`ethnicity.${e}`) }))}
          placeholder={t('ui.notRecorded')}
          error={errors.ethnicity}
        />
        <SelectField
          name="languageChoice"
          label={t('participant.preferredLanguage')}
          optional
          value={values.languageChoice}
          onChange={(languageChoice) => onChange({ languageChoice })}
          options={[
            ...COMMON_LANGUAGES.map((code) => ({ value: code, label: t(`language.${code}`) })),
            { value: OTHER_LANGUAGE, label: t('participant.languageOther') },
          ]}
          placeholder={t('ui.notRecorded')}
          error={otherLanguage ? undefined : errors.preferredLanguage}
        />
        {otherLanguage ? (
          <TextField
            name="languageOther"
            label={t('participant.languageCode')}
            hint={otherName && otherName !== values.languageOther.trim() ? t('participant.languageCodeRecognised', { name: otherName }) : t('participant.languageCodeHint')}
            autoCapitalize="none"
            spellCheck={false}
            value={values.languageOther}
            onChange={(languageOther) => onChange({ languageOther })}
            error={errors.preferredLanguage}
            className="field--short"
          />
        ) : null}
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('participant.section.contact')}</legend>
        <TextField name="phone" type="tel" label={t('participant.phone')} optional autoComplete="off" value={values.phone} onChange={(phone) => onChange({ phone })} error={errors.phone} />
        <TextField
          name="email"
          type="email"
          label={t('participant.email')}
          optional
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={values.email}
          onChange={(email) => onChange({ email })}
          error={errors.email}
        />
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('participant.section.custody')}</legend>
        <RadioGroup
          name="custodyStatus"
          legend={t('participant.custodyStatus')}
          inline
          options={CUSTODY_STATUSES.map((c) => ({ value: c, label: t(`custody.${c}`) }))}
          value={values.custodyStatus}
          onChange={(custodyStatus) => onChange({ custodyStatus: custodyStatus as ParticipantFormValues['custodyStatus'] })}
          error={errors.custodyStatus}
        />
        <div className="field-row">
          <TextField
            name="expectedReleaseDate"
            type="date"
            label={t('participant.expectedReleaseDate')}
            optional
            value={values.expectedReleaseDate}
            onChange={(expectedReleaseDate) => onChange({ expectedReleaseDate })}
            error={errors.expectedReleaseDate}
            className="field--date"
          />
          <TextField
            name="releaseDate"
            type="date"
            label={t('participant.releaseDate')}
            optional
            value={values.releaseDate}
            onChange={(releaseDate) => onChange({ releaseDate })}
            error={errors.releaseDate}
            className="field--date"
          />
        </div>
        <SelectField
          name="referralSource"
          label={t('participant.referralSource')}
          optional
          value={values.referralSource}
          onChange={(referralSource) => onChange({ referralSource: referralSource as ParticipantFormValues['referralSource'] })}
          options={REFERRAL_SOURCES.map((r) => ({ value: r, label: t(`referralSource.${r}`) }))}
          placeholder={t('ui.notRecorded')}
          error={errors.referralSource}
        />
      </fieldset>
    </>
  );
}
