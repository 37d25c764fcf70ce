// The hand-written hints of validation problems (`details[].message`), in every language a customer
// reads. zod says its own checks ("too small", "invalid email") in the caller's language through its
// locales; the texts we wrote ourselves cannot come from there, so they live here, each under a stable
// key that schemas and route handlers use instead of a sentence.
//
// Why keys and not English sentences translated later: a sentence is not a stable identifier (fixing a
// typo would break the translation), and a key lets clients branch on `details[].code` without parsing
// a localised text (house rule: branch on codes, never on messages). Texts may hold `{name}` placeholders,
// filled from the problem's params (zod custom issues carry them in `params`).
//
// Adding a hint: add the key with both texts here, then use the key as the schema's `message` (or throw
// it with `hint()` from a route). validation-messages.test.ts fails on a hint written as a raw sentence,
// on a key used nowhere, and on texts whose placeholders differ between languages.
import type { Language, Localized } from './language.js';

export const VALIDATION_MESSAGES = {
  // Shared formats (API bodies and the configuration documents).
  'scid.format': {
    es: 'se esperaban 9 letras mayúsculas o dígitos',
    en: 'expected 9 upper-case letters or digits',
  },
  'hostname.format': {
    es: 'se esperaba un nombre de host en minúsculas (letras, dígitos, guiones y puntos)',
    en: 'expected a lower-case hostname (letters, digits, hyphens and dots)',
  },
  'header.name': {
    es: 'se esperaba un nombre de campo HTTP',
    en: 'expected an HTTP field name',
  },
  'header.value': {
    es: 'se esperaba un valor de campo sin caracteres de control',
    en: 'expected a field value without control characters',
  },
  'ttl.format': {
    es: 'se esperaba un entero y una unidad s, m, h, d, w o y (p. ej. "10m")',
    en: 'expected an integer and a unit s, m, h, d, w or y (e.g. "10m")',
  },
  'ttl.minimum': {
    es: 'el TTL mínimo es {minimum}',
    en: 'the minimum TTL is {minimum}',
  },
  'origin.webRoot': {
    es: 'se esperaba una ruta que empiece por "/"',
    en: 'expected a path starting with "/"',
  },
  'certificate.source': {
    es: 'indique certPem y keyPem, o bien certFile y keyFile',
    en: 'give either certPem and keyPem, or certFile and keyFile',
  },
  'alias.servedBy': {
    es: 'el alias "{alias}" ya lo sirve {owner}',
    en: 'alias "{alias}" is already served by {owner}',
  },
  'alias.alreadyIn': {
    es: 'el alias "{alias}" ya está en {owner}',
    en: 'alias "{alias}" is already in {owner}',
  },
  'cidr.format': {
    es: 'se esperaba una dirección IPv4 o IPv6 o un bloque CIDR',
    en: 'expected an IPv4 or IPv6 address or CIDR block',
  },
  'definition.name': {
    es: 'se esperaban letras minúsculas, dígitos, ".", "_" o "-" (63 como máximo)',
    en: 'expected lower-case letters, digits, ".", "_" or "-" (at most 63)',
  },
  'definition.unknown': {
    es: 'no hay ninguna definición {kind} llamada "{name}"',
    en: 'no {kind} definition named "{name}"',
  },
  'definition.wrongKind': {
    es: '"{name}" está en definitions/{actual}; aquí se espera un nombre de definitions/{kind}',
    en: '"{name}" is in definitions/{actual}; a name from definitions/{kind} is expected here',
  },

  'match.valueOrList': {
    es: 'indique un valor o una lista de cadenas, no ambos',
    en: 'give either a value or a string list, not both',
  },
  'token.parameterName': {
    es: 'se esperaban de 1 a 64 letras, dígitos, ".", "_", "~" o "-"',
    en: 'expected 1 to 64 letters, digits, ".", "_", "~" or "-"',
  },
  'token.generationRepeated': {
    es: 'ya hay un secreto de generación {generation}',
    en: 'there is already a secret of generation {generation}',
  },
  'token.parametersDistinct': {
    es: 'los parámetros de inicio, fin y hash deben tener nombres distintos',
    en: 'the not-before, not-after and hash parameters need distinct names',
  },
  'token.redirectUrl': {
    es: 'se esperaba una URL absoluta (https://…)',
    en: 'expected an absolute URL (https://…)',
  },

  // Configurations and activations.
  'configuration.name': {
    es: 'se esperaban de 1 a 80 letras, dígitos, espacios, ".", "_" o "-"',
    en: 'expected 1 to 80 letters, digits, spaces, ".", "_" or "-"',
  },
  'configuration.nameTaken': {
    es: 'otra configuración de este servicio ya tiene este nombre',
    en: 'another configuration of this service already has this name',
  },
  'configuration.versionConflict': {
    es: 'la versión {latest} se guardó después de la versión {base} que usted editó; cárguela, vuelva a aplicar sus cambios y guarde de nuevo',
    en: 'version {latest} was saved after version {base}, which you edited; load it, reapply your changes and save again',
  },
  'configuration.versionUnknown': {
    es: 'esta configuración no tiene la versión {version}',
    en: 'this configuration has no version {version}',
  },
  'configuration.primaryAliasFixed': {
    es: '"{alias}" es el alias principal de una propiedad en la versión {version} y debe seguir siendo el primer alias de su propiedad',
    en: '"{alias}" is the primary alias of a property in version {version} and must stay the first alias of its property',
  },
  'activation.versionRequired': {
    es: 'este destino necesita una versión',
    en: 'a version is required for this target',
  },
  'activation.percentRequired': {
    es: 'un candidato necesita un porcentaje de tráfico',
    en: 'a candidate needs a traffic percentage',
  },
  'activation.percentOnlyForCandidate': {
    es: 'solo un candidato lleva porcentaje de tráfico',
    en: 'only a candidate takes a traffic percentage',
  },
  'activation.aliasTakenInProduction': {
    es: 'el alias "{alias}" ya está activo en producción para otra configuración',
    en: 'alias "{alias}" is already active in production for another configuration',
  },
  'activation.aliasTakenInStaging': {
    es: 'el alias "{alias}" ya está activo en staging para otra configuración',
    en: 'alias "{alias}" is already active in staging for another configuration',
  },
  'activation.noCandidate': {
    es: 'no hay ningún candidato que promover',
    en: 'there is no candidate to promote',
  },

  // Content invalidation (issue 5).
  'invalidation.pathsRequired': {
    es: 'indique al menos una ruta para una invalidación por ruta',
    en: 'give at least one path for a path invalidation',
  },
  'invalidation.tagsRequired': {
    es: 'indique al menos una etiqueta de caché para una invalidación por etiqueta',
    en: 'give at least one cache tag for a tag invalidation',
  },
  'invalidation.pathsNotAllowed': {
    es: 'las rutas solo se indican en una invalidación por ruta',
    en: 'paths are only given for a path invalidation',
  },
  'invalidation.tagsNotAllowed': {
    es: 'las etiquetas solo se indican en una invalidación por etiqueta',
    en: 'tags are only given for a tag invalidation',
  },
  'invalidation.ignoreCaseOnlyForPaths': {
    es: 'ignorar mayúsculas y minúsculas solo se aplica a las rutas',
    en: 'ignore case only applies to paths',
  },
  'invalidation.duplicateProperty': {
    es: 'cada propiedad se indica una sola vez',
    en: 'name each property once',
  },
  'invalidation.tagTooLong': {
    es: 'una etiqueta de caché tiene como máximo 1024 bytes',
    en: 'a cache tag is at most 1024 bytes',
  },
  'invalidation.propertyUnknown': {
    es: 'ninguna propiedad de este servicio está activa con el alias "{alias}"',
    en: 'no property of this service is active under the alias "{alias}"',
  },
  'invalidation.notifyAddress': {
    es: '"{address}" no es una dirección de correo electrónico',
    en: '"{address}" is not an e-mail address',
  },
  // The wildcard grammar of domain.md §3; {position} counts characters from 1.
  'pattern.empty': {
    es: 'el patrón está vacío',
    en: 'the pattern is empty',
  },
  'pattern.unclosedSet': {
    es: 'el conjunto abierto en el carácter {position} no tiene "]" de cierre',
    en: 'the set opened at character {position} has no closing "]"',
  },
  'pattern.emptySet': {
    es: 'el conjunto del carácter {position} está vacío',
    en: 'the set at character {position} is empty',
  },
  'pattern.badSetItem': {
    es: 'carácter {position}: un elemento del conjunto es un carácter o un rango x-y, separados por comas',
    en: 'character {position}: a set item is one character or a range x-y, separated by commas',
  },
  'pattern.badRange': {
    es: 'carácter {position}: el rango no tiene fin o está invertido',
    en: 'character {position}: the range has no end or is reversed',
  },
  'pattern.unclosedRepeat': {
    es: 'la repetición abierta en el carácter {position} no tiene "}" de cierre',
    en: 'the repeat opened at character {position} has no closing "}"',
  },
  'pattern.badRepeat': {
    es: 'carácter {position}: una repetición lleva un número o dos, "n,m", con n ≤ m',
    en: 'character {position}: a repeat holds one count or two, "n,m", with n ≤ m',
  },
  'pattern.repeatTooLarge': {
    es: 'carácter {position}: una repetición no puede superar {maximum}',
    en: 'character {position}: a repeat may not exceed {maximum}',
  },

  // The edge feed.
  'edge.lastEventId': {
    es: 'se esperaba un número de secuencia entero no negativo',
    en: 'expected a non-negative integer sequence number',
  },

  // Customers, groups and services.
  'customerNumber.format': {
    es: 'se esperaban de 1 a 40 letras, dígitos o "-", empezando por una letra o un dígito',
    en: 'expected 1 to 40 letters, digits or "-", starting with a letter or digit',
  },
  'customerNumber.taken': {
    es: 'otro cliente ya tiene este número de cliente',
    en: 'another customer already has this customer number',
  },
  'product.format': {
    es: 'se esperaban letras minúsculas y dígitos, palabras unidas por "-", p. ej. "caching"',
    en: 'expected lower-case letters and digits, words joined by "-", e.g. "caching"',
  },
  'accessGroup.scidNotInParent': {
    es: '{scid} no es un servicio del grupo padre',
    en: '{scid} is not a service of the parent group',
  },

  // Contacts.
  'country.format': {
    es: 'se esperaba un código de país ISO 3166-1 alfa-2, p. ej. "AR"',
    en: 'expected an ISO 3166-1 alpha-2 country code, e.g. "AR"',
  },
  'phone.format': {
    es: 'se esperaba un número internacional que empiece por "+", p. ej. "+54 11 4000 1234"',
    en: 'expected an international number starting with "+", e.g. "+54 11 4000 1234"',
  },
  'phone.e164': {
    es: 'se esperaban un código de país y de 7 a 15 dígitos en total (E.164)',
    en: 'expected a country code and 7 to 15 digits in all (E.164)',
  },
  'contact.tscCountryTaken': {
    es: 'ya hay un contacto de TSC para {country}',
    en: 'a TSC contact for {country} is already listed',
  },

  // Users, passwords and links.
  'email.undeliverable': {
    es: 'no es una dirección de correo electrónico a la que se pueda enviar',
    en: 'not a deliverable e-mail address',
  },
  'user.alreadyInGroup': {
    es: 'el usuario ya tiene un rol en este grupo',
    en: 'the user already holds a role on this group',
  },
  'user.lastDomainAdmin': {
    es: 'el cliente se quedaría sin ningún administrador de dominio',
    en: 'the customer would be left without a Domain admin',
  },
  'user.reactivateFirst': {
    es: 'primero reactive el usuario',
    en: 'reactivate the user first',
  },
  'user.cannotDisableSelf': {
    es: 'no puede desactivar su propia cuenta',
    en: 'you cannot disable your own account',
  },
  'password.tooShort': {
    es: 'la contraseña debe tener al menos {min} caracteres',
    en: 'the password must have at least {min} characters',
  },
  'password.tooLong': {
    es: 'la contraseña puede tener como máximo {max} caracteres',
    en: 'the password may have at most {max} characters',
  },
  'password.sameAsEmail': {
    es: 'la contraseña no puede ser su dirección de correo electrónico',
    en: 'the password must not be your e-mail address',
  },
  'link.unknown': {
    es: 'el enlace no existe o ya se utilizó',
    en: 'unknown or already used link',
  },

  // Roles.
  'role.unknown': {
    es: 'el rol no existe',
    en: 'unknown role',
  },
  'role.updateEmpty': {
    es: 'indique el nombre o los permisos',
    en: 'name or permissions is required',
  },
  'role.noPermissions': {
    es: 'un rol necesita al menos un permiso',
    en: 'a role needs at least one permission',
  },
  'role.unknownPermission': {
    es: 'el permiso "{permission}" no existe',
    en: 'unknown permission "{permission}"',
  },
  'role.reservedPermission': {
    es: '{permission} es exclusivo del rol Administrador de dominio',
    en: '{permission} belongs to the Domain admin role alone',
  },
  'role.builtInReadOnly': {
    es: 'los roles predefinidos no se pueden modificar',
    en: 'built-in roles cannot be changed',
  },
  'role.nameTaken': {
    es: 'otro rol ya tiene este nombre',
    en: 'another role already has this name',
  },
  'role.inUse': {
    es: 'el rol aún lo tienen {users} usuario(s) y {apiKeys} clave(s) de API',
    en: 'the role is still held by {users} user(s) and {apiKeys} API key(s)',
  },
  'role.stillHeld': {
    es: 'el rol aún está asignado',
    en: 'the role is still held',
  },

  // API keys.
  'apiKey.updateEmpty': {
    es: 'indique al menos uno de status, name, contact o notes',
    en: 'expected at least one of status, name, contact, notes',
  },
  'apiKey.roleBeyondCaller': {
    es: 'usted no tiene todos los permisos de este rol en este grupo de acceso',
    en: 'you do not hold every permission of this role in this access group',
  },

  // Mimic user (domain.md §1): why the caller may not view the portal as this user.
  'mimic.alreadyMimicking': {
    es: 'ya está viendo el portal como otro usuario; vuelva primero a su propia vista',
    en: 'you are already viewing the portal as another user; return to your own view first',
  },
  'mimic.self': {
    es: 'no puede verse a sí mismo como otro usuario',
    en: 'you cannot mimic yourself',
  },
  'mimic.notAnAdmin': {
    es: 'solo un administrador de usuarios puede ver el portal como otro usuario',
    en: 'only an administrator of users may view the portal as another user',
  },
  'mimic.targetNotActive': {
    es: 'el usuario no está activo',
    en: 'the user is not active',
  },
  'mimic.targetOutsideActorsGroups': {
    es: 'el usuario tiene roles en grupos que usted no administra',
    en: 'the user holds roles on groups you do not administer',
  },
  'mimic.targetIsAdminOfActorsGroup': {
    es: 'el usuario es administrador de uno de sus grupos',
    en: 'the user is an administrator of one of your groups',
  },

  // Lists and the audit log.
  'paging.cursorUnknown': {
    es: 'no es un cursor de esta lista; use un nextCursor que ella haya devuelto',
    en: 'not a cursor of this list; use a nextCursor it returned',
  },
  'audit.actionFormat': {
    es: 'se esperaba una acción como "user.invite" o una familia como "user"',
    en: 'expected an action such as "user.invite" or a family such as "user"',
  },
  'audit.toBeforeFrom': {
    es: 'no puede ser anterior a "from"',
    en: 'must not be before "from"',
  },
} as const satisfies Record<string, Localized>;

export type ValidationMessageKey = keyof typeof VALIDATION_MESSAGES;

/** Values for a text's `{name}` placeholders. */
export type MessageParams = Readonly<Record<string, string | number>>;

export function isValidationMessageKey(value: unknown): value is ValidationMessageKey {
  return typeof value === 'string' && Object.hasOwn(VALIDATION_MESSAGES, value);
}

/**
 * The hint in one language with its placeholders filled. A placeholder without a value stays visible as
 * `{name}` rather than vanishing, so a forgotten param shows up in a test instead of as a silent gap.
 */
export function validationMessage(key: ValidationMessageKey, language: Language, params: MessageParams = {}): string {
  return VALIDATION_MESSAGES[key][language].replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/**
 * Only the string and number values of something that claims to be params (a zod issue's `params` is
 * `Record<string, any>`); anything else is dropped so it can never be printed as "[object Object]".
 */
export function messageParams(value: unknown): MessageParams | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const entries = Object.entries(value).filter((entry): entry is [string, string | number] => typeof entry[1] === 'string' || typeof entry[1] === 'number');
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}
