import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { AssessmentDetail } from '../../../core/assessments.ts';
import { displayName } from '../../../core/names.ts';
import type { ParticipantDetail } from '../../../core/schemas.ts';
import { participantsApi } from '../../api/participants.ts';
import { languageName } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { RadioGroup } from '../../ui/ChoiceGroup.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { Page } from '../shell/Page.tsx';
import { PendingPage } from '../shell/PendingPage.tsx';
import { assessmentsApi } from './assessmentsApi.ts';
import { CompletedAssessment } from './CompletedAssessment.tsx';
import { instrumentText } from './display.ts';
import { InstrumentForm } from './InstrumentForm.tsx';
import './assessments.css';

/** /participants/:id/assessments/:assessmentId — fill in an assessment, or read a completed one. */
export function AssessmentPage() {
  const { t } = useI18n();
  const { id = '', assessmentId = '' } = useParams();
  const loaded = useAsync(
    async (signal) => {
      const assessment = await assessmentsApi.get(id, assessmentId, signal);
      const participant = await participantsApi.get(id, signal);
      return { assessment, participant };
    },
    [id, assessmentId],
  );

  if (loaded.status !== 'ok') return <PendingPage state={loaded} title={t('assessments.title')} notFound={t('assessments.notFound')} />;
  return (
    <AssessmentView
      key={loaded.data.assessment.id}
      assessment={loaded.data.assessment}
      participant={loaded.data.participant}
      onChange={(assessment) => loaded.setData({ ...loaded.data, assessment })}
      onReload={loaded.reload}
    />
  );
}

function AssessmentView({ assessment: a, participant, onChange, onReload }: {
  assessment: AssessmentDetail;
  participant: ParticipantDetail;
  onChange: (a: AssessmentDetail) => void;
  onReload: () => void;
}) {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const announce = useAnnounce();
  const languages = a.definition.languages;
  const preferred = [participant.preferredLanguage ?? '', locale].find((l) => languages.includes(l));
  const [language, setLanguage] = useState(preferred ?? languages[0] ?? 'en');
  const [justCompleted, setJustCompleted] = useState(false);
  const [justSaved, setJustSaved] = useState(false);
  const editable = a.status === 'in_progress' && can('participants:write');

  return (
    <Page title={instrumentText(a.title, locale)} narrow>
      <p>
        <Link to={`/participants/${participant.id}`}>{t('assessments.backToParticipant', { name: displayName(participant) })}</Link>
      </p>
      {a.definition.source ? <p className="muted small">{a.definition.source}</p> : null}
      {justCompleted ? (
        <Notice tone="success" live="polite">
          <p>{t('assessments.justCompleted')}</p>
        </Notice>
      ) : null}
      {languages.length > 1 ? (
        <RadioGroup
          name="assessment-language"
          legend={t('assessments.language')}
          inline
          options={languages.map((l) => ({ value: l, label: languageName(l, l) }))}
          value={language}
          onChange={setLanguage}
        />
      ) : null}
      {editable ? (
        <InstrumentForm
          key={a.version}
          assessment={a}
          language={language}
          initiallySaved={justSaved}
          onSaved={(next) => {
            setJustSaved(true);
            onChange(next);
          }}
          onCompleted={(next) => {
            setJustCompleted(true);
            announce(t('assessments.justCompleted'));
            onChange(next);
          }}
          onReload={() => {
            setJustSaved(false);
            onReload();
          }}
        />
      ) : (
        <CompletedAssessment assessment={a} language={language} />
      )}
    </Page>
  );
}
