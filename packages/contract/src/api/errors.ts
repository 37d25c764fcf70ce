// The one error envelope of the API (architecture.md, house rule 4):
// `{ error: { code, message, details?, requestId } }` with stable UPPER_SNAKE codes. Clients branch on
// `code` (never on `message`, which is localised), the portal shows the message in the user's language,
// and `details` locate each bad field by JSON pointer (house rule 5).
import { z } from 'zod';
import type { Problem } from '../problems.js';
import type { Language, Localized } from './language.js';
import { validationMessage } from './validation-messages.js';

interface ErrorCodeSpec {
  /** HTTP status the code is always sent with, so a client can rely on either. */
  readonly status: number;
  readonly messages: Localized;
}

/**
 * Every code the API may answer with. Adding one is a contract change; renaming or re-purposing one
 * breaks clients, so don't. NOT_FOUND is also the answer for another customer's resources, so that a
 * probe cannot tell "exists but not yours" from "does not exist" (issue 3, tenant isolation).
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: {
    status: 400,
    messages: {
      es: 'La solicitud tiene datos no válidos. Revise los campos indicados.',
      en: 'The request contains invalid data. Check the fields listed.',
    },
  },
  MALFORMED_JSON: {
    status: 400,
    messages: {
      es: 'El cuerpo de la solicitud no es JSON válido.',
      en: 'The request body is not valid JSON.',
    },
  },
  UNAUTHENTICATED: {
    status: 401,
    messages: {
      es: 'Debe iniciar sesión o firmar la solicitud con una clave de API.',
      en: 'Sign in, or sign the request with an API key.',
    },
  },
  /** An edge route without a valid `Authorization: Bearer <edgeToken>` (issue 4, the feed). */
  EDGE_TOKEN_INVALID: {
    status: 401,
    messages: {
      es: 'Envíe el token del edge como Authorization: Bearer <token>. Si lo perdió, vuelva a inscribir el edge.',
      en: 'Send the edge token as Authorization: Bearer <token>. If it was lost, enrol the edge again.',
    },
  },
  /** The edge was taken out of the fleet by staff; enrolling again under its name brings it back. */
  EDGE_REMOVED: {
    status: 401,
    messages: {
      es: 'Este edge fue retirado de la flota. Vuelva a inscribirlo para que reciba configuraciones.',
      en: 'This edge was removed from the fleet. Enrol it again to receive configurations.',
    },
  },
  ENROLMENT_TOKEN_INVALID: {
    status: 401,
    messages: {
      es: 'El token de inscripción no es válido.',
      en: 'The enrolment token is not valid.',
    },
  },
  INVALID_CREDENTIALS: {
    status: 401,
    messages: {
      es: 'El correo electrónico o la contraseña no son correctos.',
      en: 'The e-mail address or password is incorrect.',
    },
  },
  SIGNATURE_INVALID: {
    status: 401,
    messages: {
      es: 'La firma de la solicitud no es válida.',
      en: 'The request signature is not valid.',
    },
  },
  SIGNATURE_EXPIRED: {
    status: 401,
    messages: {
      es: 'La fecha de la solicitud difiere en más de 5 minutos de la hora del servidor. Sincronice el reloj y vuelva a firmar.',
      en: 'The request Date is more than 5 minutes away from the server clock. Synchronise the clock and sign again.',
    },
  },
  FORBIDDEN: {
    status: 403,
    messages: {
      es: 'No tiene permiso para realizar esta acción.',
      en: 'You do not have permission to do this.',
    },
  },
  CSRF_FAILED: {
    status: 403,
    messages: {
      es: 'La sesión del formulario no es válida. Recargue la página e inténtelo de nuevo.',
      en: 'The form session is not valid. Reload the page and try again.',
    },
  },
  ACCOUNT_INACTIVE: {
    status: 403,
    messages: {
      es: 'Su usuario no está activo. Pida a un administrador de su organización que lo reactive.',
      en: 'Your user is not active. Ask an administrator of your organisation to reactivate it.',
    },
  },
  MIMIC_NOT_ALLOWED: {
    status: 403,
    messages: {
      es: 'No puede ver el portal como este usuario.',
      en: 'You cannot view the portal as this user.',
    },
  },
  NOT_FOUND: {
    status: 404,
    messages: {
      es: 'El recurso solicitado no existe.',
      en: 'The requested resource does not exist.',
    },
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    messages: {
      es: 'El método HTTP no está permitido en esta ruta.',
      en: 'The HTTP method is not allowed on this path.',
    },
  },
  CONFLICT: {
    status: 409,
    messages: {
      es: 'La solicitud entra en conflicto con el estado actual del recurso.',
      en: 'The request conflicts with the current state of the resource.',
    },
  },
  /**
   * A configuration version was saved after the one an edit started from (POST …/versions with an older
   * baseVersion): saving would silently overwrite the other editor's work, so the client must reload.
   */
  VERSION_CONFLICT: {
    status: 409,
    messages: {
      es: 'Otra persona guardó una versión más reciente de esta configuración. Cargue la última versión, vuelva a aplicar sus cambios y guarde de nuevo.',
      en: 'Someone saved a newer version of this configuration. Load the latest version, reapply your changes and save again.',
    },
  },
  /**
   * domain.md §2 / issue 4: an alias belongs to one active property in the whole network. details name the
   * alias, never who holds it (it may be another customer).
   */
  ALIAS_CONFLICT: {
    status: 409,
    messages: {
      es: 'Un alias de esta versión ya está activo en otra configuración de la red. Cada alias lo sirve una sola propiedad activa.',
      en: 'An alias of this version is already active in another configuration on the network. Each alias is served by one active property only.',
    },
  },
  /** Promote asked for while the configuration has no production candidate. */
  NO_CANDIDATE: {
    status: 409,
    messages: {
      es: 'Esta configuración no tiene un candidato en producción que promover.',
      en: 'This configuration has no production candidate to promote.',
    },
  },
  API_KEY_LIMIT: {
    status: 409,
    messages: {
      es: 'El grupo de acceso ya tiene 5 claves de API activas. Desactive una antes de crear o activar otra.',
      en: 'The access group already has 5 active API keys. Disable one before creating or enabling another.',
    },
  },
  LINK_EXPIRED: {
    status: 410,
    messages: {
      es: 'El enlace caducó o ya se utilizó. Solicite uno nuevo.',
      en: 'The link has expired or was already used. Ask for a new one.',
    },
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    messages: {
      es: 'El cuerpo de la solicitud es demasiado grande.',
      en: 'The request body is too large.',
    },
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    messages: {
      es: 'El tipo de contenido no es compatible. Envíe application/json.',
      en: 'The content type is not supported. Send application/json.',
    },
  },
  ACCOUNT_LOCKED: {
    status: 423,
    messages: {
      es: 'El usuario está bloqueado durante 30 minutos por demasiados intentos fallidos de inicio de sesión.',
      en: 'The user is locked for 30 minutes after too many failed sign-in attempts.',
    },
  },
  RATE_LIMITED: {
    status: 429,
    messages: {
      es: 'Demasiadas solicitudes. Espere un momento y vuelva a intentarlo.',
      en: 'Too many requests. Wait a moment and try again.',
    },
  },
  INTERNAL: {
    status: 500,
    messages: {
      es: 'Error interno del servidor. Si persiste, indique el identificador de solicitud a soporte.',
      en: 'Internal server error. If it persists, give the request id to support.',
    },
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    messages: {
      es: 'El servicio no está disponible en este momento. Vuelva a intentarlo más tarde.',
      en: 'The service is unavailable right now. Try again later.',
    },
  },
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Listed in declaration order for z.enum and the OpenAPI document. */
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

export const errorCodeSchema = z.enum(ERROR_CODE_LIST);

export const problemSchema = z.strictObject({
  /** RFC 6901 JSON pointer into the request body ('' for the body itself). */
  pointer: z.string(),
  /**
   * Stable key of a hand-written hint (e.g. "scid.format"), to branch on instead of the message; absent
   * for the generic checks (type, length, format) whose message alone says what is wrong.
   */
  code: z.string().optional(),
  /** In the caller's language, like the envelope's message. */
  message: z.string(),
});

export const errorEnvelopeSchema = z.strictObject({
  error: z.strictObject({
    code: errorCodeSchema,
    message: z.string().min(1),
    details: z.array(problemSchema).optional(),
    /** Also sent as a response header and written to the server log, so support can find the request. */
    requestId: z.string().min(1),
  }),
});

errorEnvelopeSchema.meta({ id: 'ErrorEnvelope' });

export type ErrorEnvelope = z.output<typeof errorEnvelopeSchema>;

export function errorStatus(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}

export function errorMessage(code: ErrorCode, language: Language): string {
  return ERROR_CODES[code].messages[language];
}

export interface ErrorEnvelopeInput {
  readonly code: ErrorCode;
  readonly requestId: string;
  readonly language: Language;
  readonly details?: readonly Problem[];
}

/**
 * Builds the envelope with the code's own localised text. There is deliberately no free-text message
 * parameter: internal error texts must never reach a client (house rule 4), so the message always comes
 * from this table and specifics go in `details`. A detail that is a catalogued hint is said here in the
 * same language as the message (the problem itself carries English, for consumers without a language).
 */
export function errorEnvelope(input: ErrorEnvelopeInput): ErrorEnvelope {
  const error: ErrorEnvelope['error'] = {
    code: input.code,
    message: errorMessage(input.code, input.language),
    requestId: input.requestId,
  };
  if (input.details !== undefined && input.details.length > 0) {
    const language = input.language;
    error.details = input.details.map((d) =>
      d.code === undefined ? { pointer: d.pointer, message: d.message } : { pointer: d.pointer, code: d.code, message: validationMessage(d.code, language, d.params) },
    );
  }
  return { error };
}
