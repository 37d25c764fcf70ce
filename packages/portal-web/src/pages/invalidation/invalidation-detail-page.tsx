// One invalidation request: what it asked for and its progress, overall (edges done / total, objects
// matched) and per item (each path, tag or property with the objects it matched), asked for every second
// while it is open.
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { useApiClient } from '../../api/api-context';
import { fetchInvalidation, isChanging, isOpen, type Invalidation } from '../../api/invalidations';
import { ErrorNotice } from '../../forms/error-notice';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n-context';
import { scopeSearch } from '../../scope/use-scope';
import styles from './invalidation.module.css';
import { INVALIDATION_PATH, INVALIDATION_POLL_MS, invalidationKeys } from './invalidation-queries';
import { InvalidationProgress, kindText, typeText, useCompletionRefresh } from './invalidation-status';

export function InvalidationDetailPage() {
  const { t } = useI18n();
  const { invalidationId = '' } = useParams();
  const [params] = useSearchParams();
  const client = useApiClient();
  const query = useQuery({
    queryKey: invalidationKeys.one(invalidationId),
    queryFn: () => fetchInvalidation(client, invalidationId),
    refetchInterval: (q) => (q.state.data !== undefined && isChanging(q.state.data) ? INVALIDATION_POLL_MS : false),
  });
  useCompletionRefresh(query.data);

  return (
    <section>
      <hgroup>
        <h1>{t('invalidation.detail.title')}</h1>
        <p>
          <Link to={{ pathname: INVALIDATION_PATH, search: scopeSearch(params) }}>{t('invalidation.detail.back')}</Link>
        </p>
      </hgroup>
      {query.isPending && <p aria-busy="true">{t('common.loading')}</p>}
      {query.isError && <ErrorNotice error={query.error} />}
      {query.data !== undefined && <Details invalidation={query.data} />}
    </section>
  );
}

function Details({ invalidation }: { readonly invalidation: Invalidation }) {
  const { t, language } = useI18n();
  const itemHeading = {
    path: t('invalidation.detail.path'),
    tag: t('invalidation.detail.tag'),
    property: t('invalidation.detail.property'),
  }[invalidation.kind];
  return (
    <>
      <p>
        <strong>{t('invalidation.history.status')}: </strong>
        <InvalidationProgress invalidation={invalidation} live />
      </p>
      {invalidation.alertedAt !== null && isOpen(invalidation.status) && (
        <p role="alert" className="error-notice">
          {t('invalidation.detail.alerted', { when: formatDateTime(invalidation.alertedAt, language) })}
        </p>
      )}
      <dl className={styles.facts}>
        <div>
          <dt>{t('invalidation.detail.requestedAt')}</dt>
          <dd>
            <time dateTime={invalidation.createdAt}>{formatDateTime(invalidation.createdAt, language)}</time>
          </dd>
        </div>
        <div>
          <dt>{t('invalidation.detail.completedAt')}</dt>
          <dd>
            {invalidation.completedAt === null ? (
              t('invalidation.detail.notCompleted')
            ) : (
              <time dateTime={invalidation.completedAt}>{formatDateTime(invalidation.completedAt, language)}</time>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('invalidation.detail.requestedBy')}</dt>
          <dd>{invalidation.requestedBy}</dd>
        </div>
        <div>
          <dt>{t('services.scid')}</dt>
          <dd>
            <code>{invalidation.scid}</code>
          </dd>
        </div>
        <div>
          <dt>{t('invalidation.history.properties')}</dt>
          <dd>{invalidation.properties.join(', ')}</dd>
        </div>
        <div>
          <dt>{t('invalidation.history.what')}</dt>
          <dd>{kindText(invalidation.kind, t)}</dd>
        </div>
        <div>
          <dt>{t('invalidation.history.type')}</dt>
          <dd>{typeText(invalidation.type, t)}</dd>
        </div>
        {invalidation.kind === 'path' && (
          <div>
            <dt>{t('invalidation.ignoreCase')}</dt>
            <dd>{invalidation.ignoreCase ? t('invalidation.detail.yes') : t('invalidation.detail.no')}</dd>
          </div>
        )}
        <div>
          <dt>{t('invalidation.notify')}</dt>
          <dd>{invalidation.notify.length === 0 ? t('common.none') : invalidation.notify.join(', ')}</dd>
        </div>
        <div>
          <dt>{t('invalidation.detail.id')}</dt>
          <dd>
            <code>{invalidation.id}</code>
          </dd>
        </div>
      </dl>
      <h2>{t('invalidation.detail.items')}</h2>
      <div className={styles.itemScroll}>
        <table>
          <caption className="visually-hidden">{t('invalidation.detail.items')}</caption>
          <thead>
            <tr>
              <th scope="col">{itemHeading}</th>
              <th scope="col">{t('invalidation.detail.objects')}</th>
            </tr>
          </thead>
          <tbody>
            {invalidation.items.map((item, i) => (
              <tr key={`${i} ${item.value}`}>
                <th scope="row">
                  <code>{item.value}</code>
                </th>
                <td>{item.objectsMatched}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
