/**
 * The element's own texts (frame title, loading indicator, panels) in Brazilian Portuguese, English and
 * Spanish. Pure: the element passes the nearest `lang` in.
 */
import type {ErrorCode} from './events.js';

/** Every text the element shows or announces. */
export interface Texts {
  /** The frame's accessible name. */
  title: string;
  loading: string;
  expired: string;
  /** The expired panel's button, when the element can get a new link itself (`token-url`). */
  renew: string;
  retry: string;
  /** The error panel's sentence for each element-side error code. */
  errors: Record<Exclude<ErrorCode, 'connect-error'>, string>;
}

const en: Texts = {
  title: 'Connect a WhatsApp number',
  loading: 'Loading the WhatsApp connection…',
  expired: 'This connection link has expired.',
  renew: 'Get a new link',
  retry: 'Try again',
  errors: {
    'invalid-token': 'This connection link is not valid.',
    'invalid-base-url': 'This connection link is not valid.',
    'csp-blocked': 'This page’s security settings block the connection.',
    timeout: 'Connecting is taking too long.',
    'token-fetch-failed': 'Could not get a connection link.',
  },
};

const pt: Texts = {
  title: 'Conectar um número de WhatsApp',
  loading: 'Carregando a conexão do WhatsApp…',
  expired: 'Este link de conexão expirou.',
  renew: 'Gerar um novo link',
  retry: 'Tentar novamente',
  errors: {
    'invalid-token': 'Este link de conexão não é válido.',
    'invalid-base-url': 'Este link de conexão não é válido.',
    'csp-blocked': 'As configurações de segurança desta página bloqueiam a conexão.',
    timeout: 'A conexão está demorando demais.',
    'token-fetch-failed': 'Não foi possível obter um link de conexão.',
  },
};

const es: Texts = {
  title: 'Conectar un número de WhatsApp',
  loading: 'Cargando la conexión de WhatsApp…',
  expired: 'Este enlace de conexión ha caducado.',
  renew: 'Obtener un enlace nuevo',
  retry: 'Reintentar',
  errors: {
    'invalid-token': 'Este enlace de conexión no es válido.',
    'invalid-base-url': 'Este enlace de conexión no es válido.',
    'csp-blocked': 'La configuración de seguridad de esta página bloquea la conexión.',
    timeout: 'La conexión está tardando demasiado.',
    'token-fetch-failed': 'No se pudo obtener un enlace de conexión.',
  },
};

/**
 * The texts for a BCP 47 language tag: any `pt` (Brazilian Portuguese is what PilotStatus' users speak;
 * European Portuguese readers understand it), any `es`, and English for everything else, including none.
 */
export function textsFor(lang: string): Texts {
  const primary = lang.trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'pt' ? pt : primary === 'es' ? es : en;
}
