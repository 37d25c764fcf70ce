// Activation (domain.md §2): a version to staging or production; a production canary (the candidate slot
// with a share of clients: 1, 5, 10, 25, 50, 100 % or any other); promote the candidate to current; remove
// it (percent 0); roll back by activating an older version to production. The answer (202) is followed
// live until every edge has it or it was rolled back.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { activate, type ActivateRequest, type Activation } from '../../api/activations';
import { useApiClient } from '../../api/api-context';
import type { Configuration } from '../../api/configurations';
import { ErrorNotice } from '../../forms/error-notice';
import { SelectField } from '../../forms/select-field';
import { TextField } from '../../forms/text-field';
import { useI18n } from '../../i18n/i18n-context';
import { ActivationStatus } from './activation-status';
import styles from './caching.module.css';
import { cachingKeys } from './caching-queries';
import { placeProblems, type RequestProblems } from './request-problems';

type Network = 'staging' | 'production' | 'candidate';
export const CANARY_PERCENTS = [1, 5, 10, 25, 50, 100] as const;
const CUSTOM = 'custom';

/** The custom share of traffic: a whole number from 1 to 100 (0 is "remove the candidate"). */
export function parsePercent(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[0-9]{1,3}$/.test(trimmed)) return undefined;
  const n = Number(trimmed);
  return n >= 1 && n <= 100 ? n : undefined;
}

export interface ActivationPanelProps {
  readonly configuration: Configuration;
  /** The version in the editor, offered first. */
  readonly viewedVersion: number;
}

export function ActivationPanel({ configuration, viewedVersion }: ActivationPanelProps) {
  const { t } = useI18n();
  const client = useApiClient();
  const queryClient = useQueryClient();
  const radios = useId();
  const [version, setVersion] = useState(String(viewedVersion));
  const [network, setNetwork] = useState<Network>('staging');
  const [percentChoice, setPercentChoice] = useState('10');
  const [customPercent, setCustomPercent] = useState('');
  const [percentProblem, setPercentProblem] = useState<string | undefined>(undefined);
  const [comment, setComment] = useState('');
  const [failure, setFailure] = useState<RequestProblems | null>(null);
  const [latest, setLatest] = useState<Activation | null>(null);

  const run = useMutation({
    mutationFn: (request: ActivateRequest) => activate(client, configuration.id, request),
    onMutate: () => {
      setFailure(null);
      setLatest(null);
    },
    onError: (error) => setFailure(placeProblems(error, ['version', 'percent', 'comment'])),
    onSuccess: async (activation) => {
      setLatest(activation);
      await queryClient.invalidateQueries({ queryKey: cachingKeys.activations(configuration.id) });
    },
  });

  const slots = configuration.slots;
  const current = slots.production.current;
  const candidate = slots.production.candidate;
  const chosen = Number(version);
  const rollingBack = network === 'production' && current !== null && chosen < current.version;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (network !== 'candidate') {
      run.mutate({ target: network, version: chosen, comment: comment.trim() });
      return;
    }
    const percent = percentChoice === CUSTOM ? parsePercent(customPercent) : Number(percentChoice);
    setPercentProblem(percent === undefined ? t('caching.activation.percentInvalid') : undefined);
    if (percent !== undefined) run.mutate({ target: 'candidate', version: chosen, percent, comment: comment.trim() });
  };

  const versions = Array.from({ length: configuration.latestVersion }, (_, i) => configuration.latestVersion - i);
  const networks: readonly { readonly value: Network; readonly label: string }[] = [
    { value: 'staging', label: t('caching.activation.staging') },
    { value: 'production', label: t('caching.activation.production') },
    { value: 'candidate', label: t('caching.activation.candidate') },
  ];

  return (
    <>
      <form onSubmit={onSubmit} noValidate aria-label={t('caching.activation.form')}>
        {failure !== null && <ErrorNotice error={failure.error} unplaced={failure.unplaced} />}
        <div className={styles.inline}>
          <div>
            <SelectField
              name="version"
              label={t('caching.activation.version')}
              options={versions.map((n) => ({ value: String(n), label: t('caching.activation.versionOption', { version: n }) }))}
              value={version}
              onChange={(event) => setVersion(event.target.value)}
              error={failure?.fields['version']}
            />
          </div>
          <div>
            <TextField
              name="comment"
              label={t('caching.activation.comment')}
              value={comment}
              onChange={(event) => setComment(event.target.value)}
              autoComplete="off"
              error={failure?.fields['comment']}
            />
          </div>
        </div>
        <fieldset className={styles.radios}>
          <legend>{t('caching.activation.network')}</legend>
          {networks.map((option) => (
            <label key={option.value} htmlFor={`${radios}-${option.value}`}>
              <input
                type="radio"
                id={`${radios}-${option.value}`}
                name="network"
                value={option.value}
                checked={network === option.value}
                onChange={() => setNetwork(option.value)}
              />
              {option.label}
            </label>
          ))}
        </fieldset>
        {network === 'candidate' && (
          <div className={styles.inline}>
            <div>
              <SelectField
                name="percent"
                label={t('caching.activation.percent')}
                options={[
                  ...CANARY_PERCENTS.map((p) => ({ value: String(p), label: `${p} %` })),
                  { value: CUSTOM, label: t('caching.activation.percentCustom') },
                ]}
                value={percentChoice}
                onChange={(event) => setPercentChoice(event.target.value)}
                error={percentChoice === CUSTOM ? undefined : (percentProblem ?? failure?.fields['percent'])}
              />
            </div>
            {percentChoice === CUSTOM && (
              <div>
                <TextField
                  name="customPercent"
                  label={t('caching.activation.customPercent')}
                  hint={t('caching.activation.customPercentHint')}
                  inputMode="numeric"
                  value={customPercent}
                  onChange={(event) => setCustomPercent(event.target.value)}
                  error={percentProblem ?? failure?.fields['percent']}
                />
              </div>
            )}
          </div>
        )}
        {rollingBack && <p>{t('caching.activation.rollback', { from: current.version, to: chosen })}</p>}
        <button type="submit" className={styles.submit} aria-busy={run.isPending} disabled={run.isPending}>
          {t('caching.activation.submit')}
        </button>
      </form>

      {candidate !== null && (
        <div className={styles.inline}>
          <p>{t('caching.activation.candidateNow', { version: candidate.version, percent: candidate.percent })}</p>
          <div className="actions">
            <button type="button" disabled={run.isPending} onClick={() => run.mutate({ target: 'promote', comment: comment.trim() })}>
              {t('caching.activation.promote')}
            </button>
            <button
              type="button"
              className="secondary"
              disabled={run.isPending}
              onClick={() => run.mutate({ target: 'candidate', percent: 0, comment: comment.trim() })}
            >
              {t('caching.activation.removeCandidate')}
            </button>
          </div>
        </div>
      )}

      {latest !== null && (
        <p>
          {t('caching.activation.latest', { version: latest.version ?? '—' })} <ActivationStatus activation={latest} live />
        </p>
      )}
    </>
  );
}
