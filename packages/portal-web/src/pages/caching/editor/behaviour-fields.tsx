// The behaviours the form edits, for a property's defaults and for each rule (domain.md §2): the cache
// policy (TTL | as-is | no-cache | no-store) with the Cache-Control sent to clients and its "force", the
// query string in the cache key, and response headers to set. Anything else the behaviours hold (IP
// restriction, generated response, request headers…) is kept and named, to be edited in the JSON view.
import { toJsonPointer } from '@candela/contract';
import { useI18n } from '../../../i18n/i18n-context';
import { getAt, isRecord, setAt, type JsonPath } from './document-draft';
import { DocCheckbox, DocSelectField, DocTextField, PointerProblems } from './doc-fields';
import { useDraft } from './editor-context';
import styles from './editor.module.css';
import { HeaderRows } from './header-rows';

const FORM_BEHAVIOURS = new Set(['cacheControl', 'queryString', 'responseHeaders']);

export function BehaviourFields({ path }: { readonly path: JsonPath }) {
  const { t } = useI18n();
  const draft = useDraft();
  const cachePath = [...path, 'cacheControl'];
  const internalPath = [...cachePath, 'internal'];
  const externalPath = [...cachePath, 'external'];
  const behaviours = getAt(draft.document, path);
  const cacheControl = getAt(draft.document, cachePath);
  const policy = getAt(draft.document, [...internalPath, 'policy']);
  const external = getAt(draft.document, externalPath);
  const others = isRecord(behaviours) ? Object.keys(behaviours).filter((key) => !FORM_BEHAVIOURS.has(key)) : [];

  const choosePolicy = (value: string) =>
    draft.update((document) => {
      if (value === '') return setAt(document, cachePath, undefined);
      const ttl = getAt(document, [...internalPath, 'ttl']);
      // The internal policy is a tagged union: only a TTL policy carries a ttl.
      return setAt(document, internalPath, value === 'ttl' ? { policy: 'ttl', ttl: typeof ttl === 'string' ? ttl : '' } : { policy: value });
    });

  const writeExternal = (text: string) =>
    draft.update((document) => {
      if (text === '') return setAt(document, externalPath, undefined);
      const force = getAt(document, [...externalPath, 'force']);
      return setAt(document, externalPath, { value: text, force: force === true });
    });

  return (
    <div className={styles.behaviours}>
      <div className={styles.grid}>
        <div>
          <DocSelectField
            path={[...internalPath, 'policy']}
            label={t('caching.behaviour.cachePolicy')}
            unsetLabel={t('caching.behaviour.notSet')}
            options={[
              { value: 'ttl', label: t('caching.policy.ttl') },
              { value: 'as-is', label: t('caching.policy.asIs') },
              { value: 'no-cache', label: t('caching.policy.noCache') },
              { value: 'no-store', label: t('caching.policy.noStore') },
            ]}
            onChoose={choosePolicy}
          />
        </div>
        {policy === 'ttl' && (
          <div>
            <DocTextField path={[...internalPath, 'ttl']} label={t('caching.behaviour.ttl')} hint={t('caching.behaviour.ttlHint')} spellCheck={false} autoComplete="off" />
          </div>
        )}
        {isRecord(cacheControl) && (
          <div>
            <DocTextField
              path={[...externalPath, 'value']}
              label={t('caching.behaviour.external')}
              hint={t('caching.behaviour.externalHint')}
              write={writeExternal}
              spellCheck={false}
              autoComplete="off"
            />
            <DocCheckbox path={[...externalPath, 'force']} label={t('caching.behaviour.force')} disabled={!isRecord(external)} />
          </div>
        )}
        <div>
          <DocSelectField
            path={[...path, 'queryString']}
            label={t('caching.behaviour.queryString')}
            unsetLabel={t('caching.behaviour.notSet')}
            options={[
              { value: 'honour', label: t('caching.queryString.honour') },
              { value: 'ignore', label: t('caching.queryString.ignore') },
            ]}
          />
        </div>
      </div>
      {/* A cache-control problem that no field above shows (the whole object malformed in the JSON view). */}
      <PointerProblems pointer={toJsonPointer(cachePath)} />
      <HeaderRows path={[...path, 'responseHeaders']} legend={t('caching.behaviour.responseHeaders')} />
      {others.length > 0 && <p className={styles.muted}>{t('caching.behaviour.others', { names: others.join(', ') })}</p>}
    </div>
  );
}
