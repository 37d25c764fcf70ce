// What a configuration has in each slot right now (domain.md §2): staging, production current, and the
// production candidate with its share of traffic (canary).
import type { Configuration } from '../../api/configurations';
import type { Translate } from '../../i18n/i18n-context';
import { useI18n } from '../../i18n/i18n-context';
import styles from './caching.module.css';

type Slots = Configuration['slots'];

export function stagingText(slots: Slots, t: Translate): string {
  return slots.staging === null ? t('caching.slots.inactive') : t('caching.slots.version', { version: slots.staging.version });
}

export function productionText(slots: Slots, t: Translate): string {
  const current = slots.production.current;
  return current === null ? t('caching.slots.inactive') : t('caching.slots.version', { version: current.version });
}

export function candidateText(slots: Slots, t: Translate): string {
  const candidate = slots.production.candidate;
  return candidate === null ? t('caching.slots.noCandidate') : t('caching.slots.candidate', { version: candidate.version, percent: candidate.percent });
}

export function SlotsSummary({ slots }: { readonly slots: Slots }) {
  const { t } = useI18n();
  return (
    <dl className={styles.slots} aria-label={t('caching.slots.title')}>
      <div>
        <dt>{t('caching.slots.staging')}</dt>
        <dd>{stagingText(slots, t)}</dd>
      </div>
      <div>
        <dt>{t('caching.slots.production')}</dt>
        <dd>{productionText(slots, t)}</dd>
      </div>
      <div>
        <dt>{t('caching.slots.canary')}</dt>
        <dd>{candidateText(slots, t)}</dd>
      </div>
    </dl>
  );
}
