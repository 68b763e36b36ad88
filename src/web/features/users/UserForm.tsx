import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ROLES, type Role } from '../../../core/enums.ts';
import { PASSWORD_MIN_LENGTH, userCreateInput, type Site, type User } from '../../../core/schemas.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError, type FieldIssue } from '../../api/errors.ts';
import { usersApi, type InvitationLink } from '../../api/users.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { Checkbox, CheckboxGroup, RadioGroup } from '../../ui/ChoiceGroup.tsx';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { useFocusWhen } from '../../ui/hooks.ts';
import { Notice } from '../../ui/Notice.tsx';
import { PasswordField } from '../../ui/PasswordField.tsx';
import { flashState } from '../shell/FlashMessage.tsx';
import { InvitationLinkPanel } from './InvitationLinkPanel.tsx';

const FIELDS = ['name', 'email', 'role', 'siteIds', 'setup', 'password'] as const;
type Field = (typeof FIELDS)[number];
type Method = 'invitation' | 'password';

/** "setup.password" → password, "siteIds.2" → siteIds. */
function fieldOf(path: string): Field | null {
  if (path.startsWith('setup.password')) return 'password';
  const head = path.split('.')[0] as Field;
  return (FIELDS as readonly string[]).includes(head) ? head : null;
}

/** Create a user (invitation link or initial password) or edit role, sites and active. */
export function UserForm({ user, sites, onReload }: { user?: User; sites: readonly Site[]; onReload?: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const [name, setName] = useState(user?.name ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [role, setRole] = useState<Role | ''>(user?.role ?? '');
  const [siteIds, setSiteIds] = useState<string[]>(user?.siteIds ?? []);
  const [active, setActive] = useState(user?.active ?? true);
  const [method, setMethod] = useState<Method>('invitation');
  const [password, setPassword] = useState('');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ link: InvitationLink; name: string } | null>(null);
  const [focusTick, setFocusTick] = useState(0);
  const createdRef = useRef<HTMLHeadingElement>(null);
  const conflictRef = useRef<HTMLDivElement>(null);
  useFocusWhen(createdRef, created);
  useFocusWhen(conflictRef, conflict);

  const errors: Partial<Record<Field, string>> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (field) errors[field] ??= issue.message;
    else other.push(issue.message);
  }
  const controlId = (f: Field) => (f === 'siteIds' || f === 'setup' ? `field-${f}-0` : `field-${f}`);
  const labels: Record<Field, string> = {
    name: t('users.name'),
    email: t('users.email'),
    role: t('users.role'),
    siteIds: t('users.sites'),
    setup: t('users.setup'),
    password: t('users.initialPassword'),
  };

  useEffect(() => {
    if (focusTick === 0) return;
    const first = FIELDS.find((f) => errors[f]);
    if (first) document.getElementById(controlId(first))?.focus();
  }, [focusTick]);

  const showIssues = (found: FieldIssue[]) => {
    setIssues(found);
    setFocusTick((n) => n + 1);
  };

  const validate = (): FieldIssue[] => {
    const found: FieldIssue[] = [];
    if (!name.trim()) found.push({ path: 'name', message: t('validation.required') });
    if (!email.trim()) found.push({ path: 'email', message: t('validation.required') });
    if (!role) found.push({ path: 'role', message: t('validation.required') });
    if (!user && method === 'password' && password.length < PASSWORD_MIN_LENGTH) {
      found.push({ path: 'setup.password', message: t('password.tooShort', { min: PASSWORD_MIN_LENGTH }) });
    }
    if (found.length) return found;
    const setup = method === 'password' ? { method, password } : { method };
    const parsed = userCreateInput.safeParse({ name, email, role, siteIds, setup });
    return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy || conflict) return;
    setFormError(null);
    const found = validate();
    if (found.length) return showIssues(found);
    setIssues([]);
    setBusy(true);
    const chosenRole = role as Role;
    try {
      if (user) {
        await usersApi.update(user.id, { name: name.trim(), email: email.trim(), role: chosenRole, siteIds, active, version: user.version });
        void navigate('/admin/users', { state: flashState(t('users.saved', { name: name.trim() })) });
      } else {
        const result = await usersApi.create({
          name: name.trim(),
          email: email.trim(),
          role: chosenRole,
          siteIds,
          setup: method === 'password' ? { method, password } : { method },
        });
        if (result.invitationUrl) {
          setCreated({ link: result, name: result.user.name });
        } else {
          void navigate('/admin/users', { state: flashState(t('users.createdWithPassword', { name: result.user.name })) });
        }
      }
    } catch (err) {
      if (isApiError(err) && err.status === 400 && err.details.length) showIssues([...err.details]);
      else if (isApiError(err) && err.isConflict && user) {
        setConflict(true);
      } else setFormError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <>
        <InvitationLinkPanel ref={createdRef} link={created.link} name={created.name} />
        <p>
          <Link to="/admin/users" className="btn btn-primary">
            {t('users.done')}
          </Link>
        </p>
      </>
    );
  }

  const summary = [
    ...FIELDS.filter((f) => errors[f]).map((f) => ({ targetId: controlId(f), message: `${labels[f]}: ${errors[f]}` })),
    ...other.map((message) => ({ message })),
  ];

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={busy}>
      {conflict ? (
        <div className="notice notice--error" role="alert" ref={conflictRef} tabIndex={-1}>
          <p className="notice-title">{t('conflict.user')}</p>
          <button type="button" className="btn btn-primary" onClick={onReload}>
            {t('conflict.reload')}
          </button>
        </div>
      ) : null}
      {formError ? (
        <Notice tone="error" live="assertive">
          <p>{formError}</p>
        </Notice>
      ) : null}
      <ErrorSummary items={summary} />
      <TextField name="name" label={labels.name} value={name} onChange={setName} error={errors.name} autoComplete="off" />
      <TextField name="email" type="email" label={labels.email} value={email} onChange={setEmail} error={errors.email} autoComplete="off" autoCapitalize="none" spellCheck={false} />
      <SelectField
        name="role"
        label={labels.role}
        value={role}
        onChange={(v) => setRole(v as Role | '')}
        options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        placeholder={t('ui.choose')}
        error={errors.role}
      />
      <CheckboxGroup
        name="siteIds"
        legend={labels.siteIds}
        hint={role === 'program_admin' ? t('users.sitesHintAdmin') : t('users.sitesHint')}
        options={sites.filter((s) => s.active || siteIds.includes(s.id)).map((s) => ({ value: s.id, label: s.name }))}
        values={siteIds}
        onChange={setSiteIds}
        error={errors.siteIds}
      />
      {user ? (
        <Checkbox name="active" label={t('users.active')} hint={t('users.activeHint')} checked={active} onChange={setActive} />
      ) : (
        <>
          <RadioGroup
            name="setup"
            legend={labels.setup}
            options={[
              { value: 'invitation', label: t('users.setupInvitation') },
              { value: 'password', label: t('users.setupPassword') },
            ]}
            value={method}
            onChange={(v) => setMethod(v as Method)}
            error={errors.setup}
          />
          {method === 'password' ? (
            <PasswordField
              name="password"
              label={labels.password}
              hint={t('users.initialPasswordHint', { min: PASSWORD_MIN_LENGTH })}
              autoComplete="new-password"
              value={password}
              onChange={setPassword}
              error={errors.password}
              showLabel={t('ui.showPassword')}
              hideLabel={t('ui.hidePassword')}
            />
          ) : null}
        </>
      )}
      <div className="button-row form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || conflict}>
          {busy ? t('ui.saving') : user ? t('ui.saveChanges') : t('users.create')}
        </button>
        <Link to="/admin/users" className="btn btn-secondary">
          {t('ui.cancel')}
        </Link>
      </div>
    </form>
  );
}
