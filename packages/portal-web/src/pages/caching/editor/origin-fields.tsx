// An origin (domain.md §2): protocol ("cache fill protocol"), host, port, alternate web root and the Host
// header sent to it ("origin DNS"). Used for the origin and the backup origin, with their own labels.
import { useI18n } from '../../../i18n/i18n-context';
import { optionalNumber, optionalText, type JsonPath } from './document-draft';
import { DocSelectField, DocTextField } from './doc-fields';
import styles from './editor.module.css';

export function OriginFields({ path, backup }: { readonly path: JsonPath; readonly backup: boolean }) {
  const { t } = useI18n();
  const label = (field: 'protocol' | 'host' | 'port' | 'webRoot' | 'hostHeader') => t(backup ? `caching.backupOrigin.${field}` : `caching.origin.${field}`);
  return (
    <div className={styles.grid}>
      <div>
        <DocSelectField
          path={[...path, 'protocol']}
          label={label('protocol')}
          options={[
            { value: 'http', label: 'HTTP' },
            { value: 'https', label: 'HTTPS' },
          ]}
        />
      </div>
      <div>
        <DocTextField path={[...path, 'host']} label={label('host')} autoComplete="off" spellCheck={false} hint={t('caching.origin.hostHint')} />
      </div>
      <div>
        <DocTextField path={[...path, 'port']} label={label('port')} inputMode="numeric" parse={optionalNumber} hint={t('caching.origin.portHint')} />
      </div>
      <div>
        <DocTextField path={[...path, 'webRoot']} label={label('webRoot')} parse={optionalText} placeholder="/" spellCheck={false} hint={t('caching.origin.webRootHint')} />
      </div>
      <div>
        <DocTextField path={[...path, 'hostHeader']} label={label('hostHeader')} parse={optionalText} spellCheck={false} hint={t('caching.origin.hostHeaderHint')} />
      </div>
    </div>
  );
}
