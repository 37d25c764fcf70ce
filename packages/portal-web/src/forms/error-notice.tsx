// The alert a form or page shows for a failed request: the server's localised message, any problems no
// field could take, and the request id support asks for.
import { NETWORK_ERROR, toApiError } from '../api/api-error';
import type { Problem } from '../api/types';
import type { Translate } from '../i18n/i18n-context';
import { useI18n } from '../i18n/i18n-context';

export interface ErrorNoticeProps {
  readonly error: unknown;
  readonly unplaced?: readonly Problem[];
  readonly id?: string;
}

/** The text to show for any failure; the client-made codes have no server message to show. */
export function errorMessageOf(error: unknown, t: Translate): string {
  const apiError = toApiError(error);
  if (apiError.code === NETWORK_ERROR) return t('error.network');
  if (apiError.isClientSide) return t('error.unexpected');
  return apiError.message;
}

export function ErrorNotice({ error, unplaced = [], id }: ErrorNoticeProps) {
  const { t } = useI18n();
  const apiError = toApiError(error);
  return (
    <div role="alert" id={id} className="error-notice">
      <p>{errorMessageOf(apiError, t)}</p>
      {unplaced.length > 0 && (
        <ul>
          {unplaced.map((problem) => (
            <li key={`${problem.pointer} ${problem.message}`}>{problem.message}</li>
          ))}
        </ul>
      )}
      {apiError.requestId !== null && apiError.status >= 500 && (
        <p>
          <small>{t('error.requestId', { requestId: apiError.requestId })}</small>
        </p>
      )}
    </div>
  );
}
