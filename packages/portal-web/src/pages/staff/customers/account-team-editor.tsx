// Staff edit a customer's account team and TSC contacts (domain.md §8) in one form: the PUT replaces the
// whole set. Each problem the API points at (/accountManager/email, /tsc/1/phone…) is shown beside its field.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useApiClient } from '../../../api/api-context';
import { toApiError } from '../../../api/api-error';
import { replaceAccountTeam, type CustomerDetail } from '../../../api/staff';
import type { AccountTeam } from '../../../api/types';
import { ErrorNotice } from '../../../forms/error-notice';
import { StatusMessage } from '../../../forms/status-message';
import { TextField } from '../../../forms/text-field';
import { countryName } from '../../../i18n/format';
import { useI18n } from '../../../i18n/i18n-context';
import { adminKeys } from '../../admin/admin-queries';
import { staffKeys } from '../staff-queries';
import {
  TEAM_ROLES,
  TSC_LIST_PLACE,
  draftOf,
  emptyTscDraft,
  fieldPlace,
  placeProblems,
  requestOf,
  type BuiltRequest,
  type MemberField,
  type RoleId,
  type TeamDraft,
  type TscDraft,
  type TscField,
} from './team-draft';

export interface AccountTeamEditorProps {
  readonly customerId: string;
  readonly customerName: string;
  readonly team: AccountTeam;
}

/** An error for a whole role, row or list (no single field to put it beside). */
function GroupError({ id, text }: { readonly id: string; readonly text: string | undefined }) {
  if (text === undefined) return null;
  return (
    <small id={id} role="alert" className="field-error">
      {text}
    </small>
  );
}

export function AccountTeamEditor({ customerId, customerName, team }: AccountTeamEditorProps) {
  const { t, language } = useI18n();
  const headingId = useId();
  const tscHeadingId = useId();
  const errorIdBase = useId();
  const client = useApiClient();
  const queryClient = useQueryClient();
  const addButton = useRef<HTMLButtonElement>(null);
  const [draft, setDraft] = useState<TeamDraft>(() => draftOf(team));
  const [addedRowId, setAddedRowId] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const mutation = useMutation({
    mutationFn: ({ request }: BuiltRequest) => replaceAccountTeam(client, customerId, request),
    onMutate: () => setStatus(null),
    onSuccess: (saved) => {
      // The answer is the team as stored (phones normalised): it is both the cache and the new draft. The
      // customer page shows it from its own answer; the Contacts page caches it apart.
      queryClient.setQueryData<CustomerDetail>(staffKeys.customer(customerId), (current) => (current === undefined ? current : { ...current, team: saved }));
      queryClient.setQueryData(adminKeys.contacts(customerId), saved);
      setDraft(draftOf(saved));
      setAddedRowId(null);
      setStatus(t('staff.team.saved', { name: customerName }));
    },
  });
  const error = mutation.isError ? toApiError(mutation.error) : null;
  const { places, unplaced } = placeProblems(error?.details ?? [], mutation.variables?.rowIds ?? []);

  const setMember = (role: RoleId, field: MemberField, value: string) =>
    setDraft((current) => ({ ...current, members: { ...current.members, [role]: { ...current.members[role], [field]: value } } }));
  const setTsc = (rowId: string, field: TscField, value: string) =>
    setDraft((current) => ({ ...current, tsc: current.tsc.map((row) => (row.rowId === rowId ? { ...row, [field]: value } : row)) }));
  const addRow = () => {
    const row = emptyTscDraft();
    setAddedRowId(row.rowId);
    setDraft((current) => ({ ...current, tsc: [...current.tsc, row] }));
  };
  const removeRow = (rowId: string) => {
    setDraft((current) => ({ ...current, tsc: current.tsc.filter((row) => row.rowId !== rowId) }));
    // The removed row's button is gone: keep keyboard users in the list rather than at the page's top.
    addButton.current?.focus();
  };
  const discard = () => {
    setDraft(draftOf(team));
    setAddedRowId(null);
    mutation.reset();
    setStatus(null);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate(requestOf(draft));
  };

  const rowLegend = (row: TscDraft, index: number): string => {
    const code = row.country.trim().toUpperCase();
    const name = /^[A-Z]{2}$/.test(code) ? countryName(code, language) : '';
    return name === '' || name === code ? t('staff.team.tscRow', { n: index + 1 }) : t('staff.team.tscRowIn', { n: index + 1, country: name });
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={headingId}>
      <h2 id={headingId}>{t('staff.team.title')}</h2>
      <p>{t('staff.team.intro')}</p>
      {error !== null && <ErrorNotice error={error} unplaced={unplaced} />}

      {TEAM_ROLES.map((role) => {
        const member = draft.members[role.id];
        const roleErrorId = `${errorIdBase}-${role.id}`;
        return (
          <fieldset key={role.id} aria-describedby={places[role.id] !== undefined ? roleErrorId : undefined}>
            <legend>
              <strong>{t(role.labelKey)}</strong>
            </legend>
            <GroupError id={roleErrorId} text={places[role.id]} />
            <div className="grid">
              <div>
                <TextField
                  name={`${role.id}.name`}
                  label={t('field.name')}
                  value={member.name}
                  onChange={(e) => setMember(role.id, 'name', e.target.value)}
                  maxLength={120}
                  autoComplete="off"
                  error={places[fieldPlace(role.id, 'name')]}
                />
              </div>
              <div>
                <TextField
                  name={`${role.id}.email`}
                  type="email"
                  label={t('field.email')}
                  value={member.email}
                  onChange={(e) => setMember(role.id, 'email', e.target.value)}
                  maxLength={254}
                  autoComplete="off"
                  error={places[fieldPlace(role.id, 'email')]}
                />
              </div>
            </div>
            <div className="grid">
              <div>
                <TextField
                  name={`${role.id}.phone`}
                  type="tel"
                  label={t('staff.team.phoneOptional')}
                  value={member.phone}
                  onChange={(e) => setMember(role.id, 'phone', e.target.value)}
                  maxLength={32}
                  autoComplete="off"
                  error={places[fieldPlace(role.id, 'phone')]}
                />
              </div>
              <div>
                <TextField
                  name={`${role.id}.hours`}
                  label={t('staff.team.hoursOptional')}
                  value={member.hours}
                  onChange={(e) => setMember(role.id, 'hours', e.target.value)}
                  maxLength={120}
                  autoComplete="off"
                  error={places[fieldPlace(role.id, 'hours')]}
                />
              </div>
            </div>
          </fieldset>
        );
      })}

      <section aria-labelledby={tscHeadingId}>
      <h3 id={tscHeadingId}>{t('contacts.tsc')}</h3>
      <p>{t('staff.team.tscIntro')}</p>
      <GroupError id={`${errorIdBase}-tsc`} text={places[TSC_LIST_PLACE]} />
      {draft.tsc.length === 0 && <p>{t('staff.team.noTsc')}</p>}
      {draft.tsc.map((row, index) => {
        const legend = rowLegend(row, index);
        const rowErrorId = `${errorIdBase}-${row.rowId}`;
        return (
          <fieldset key={row.rowId} aria-describedby={places[row.rowId] !== undefined ? rowErrorId : undefined}>
            <legend>
              <strong>{legend}</strong>
            </legend>
            <GroupError id={rowErrorId} text={places[row.rowId]} />
            <div className="grid">
              <div>
                <TextField
                  name={`${row.rowId}.country`}
                  label={t('contacts.country')}
                  hint={t('staff.team.countryHint')}
                  value={row.country}
                  onChange={(e) => setTsc(row.rowId, 'country', e.target.value)}
                  maxLength={2}
                  autoCapitalize="characters"
                  autoComplete="off"
                  spellCheck={false}
                  autoFocus={row.rowId === addedRowId}
                  error={places[fieldPlace(row.rowId, 'country')]}
                />
              </div>
              <div>
                <TextField
                  name={`${row.rowId}.name`}
                  label={t('field.name')}
                  value={row.name}
                  onChange={(e) => setTsc(row.rowId, 'name', e.target.value)}
                  maxLength={120}
                  autoComplete="off"
                  error={places[fieldPlace(row.rowId, 'name')]}
                />
              </div>
            </div>
            <div className="grid">
              <div>
                <TextField
                  name={`${row.rowId}.email`}
                  type="email"
                  label={t('field.email')}
                  value={row.email}
                  onChange={(e) => setTsc(row.rowId, 'email', e.target.value)}
                  maxLength={254}
                  autoComplete="off"
                  error={places[fieldPlace(row.rowId, 'email')]}
                />
              </div>
              <div>
                <TextField
                  name={`${row.rowId}.phone`}
                  type="tel"
                  label={t('contacts.phone')}
                  hint={t('staff.team.phoneHint')}
                  value={row.phone}
                  onChange={(e) => setTsc(row.rowId, 'phone', e.target.value)}
                  maxLength={32}
                  autoComplete="off"
                  error={places[fieldPlace(row.rowId, 'phone')]}
                />
              </div>
              <div>
                <TextField
                  name={`${row.rowId}.hours`}
                  label={t('contacts.hours')}
                  value={row.hours}
                  onChange={(e) => setTsc(row.rowId, 'hours', e.target.value)}
                  maxLength={120}
                  autoComplete="off"
                  error={places[fieldPlace(row.rowId, 'hours')]}
                />
              </div>
            </div>
            <button type="button" className="secondary outline" onClick={() => removeRow(row.rowId)}>
              {t('staff.team.removeTsc', { row: legend })}
            </button>
          </fieldset>
        );
      })}
      <p>
        <button ref={addButton} type="button" className="secondary" onClick={addRow}>
          {t('staff.team.addTsc')}
        </button>
      </p>
      </section>

      <StatusMessage text={status} />
      <div className="actions">
        <button type="submit" aria-busy={mutation.isPending} disabled={mutation.isPending}>
          {t('staff.team.save')}
        </button>
        <button type="button" className="secondary" onClick={discard} disabled={mutation.isPending}>
          {t('staff.team.discard')}
        </button>
      </div>
    </form>
  );
}
