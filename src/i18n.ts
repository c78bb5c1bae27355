/**
 * The element's own texts (frame title, loading indicator, panels, and the drop-in's modal) in Brazilian
 * Portuguese, English and Spanish. Pure: the element passes the nearest `lang` in. The panels speak to the
 * end customer, who can fix none of the causes: the technical detail is in `pilotstatus-error`'s `message`.
 */
import type {ErrorCode} from './events.js';

/** A panel's short title and one sentence under it. */
export interface PanelTexts {
  title: string;
  body: string;
}

/** The error codes the element shows a panel for (Connect shows its own errors inside the frame). */
export type PanelErrorCode = Exclude<ErrorCode, 'connect-error'>;

/** Every text the element and the drop-in show or announce. */
export interface Texts {
  /** The language these texts are in, as forwarded to Connect (`lang=`). */
  code: 'pt-BR' | 'es' | 'en';
  /** The frame's accessible name, and the modal's. */
  title: string;
  loading: string;
  expired: PanelTexts;
  /** The expired panel's button, when the element can get a new link itself. */
  renew: string;
  retry: string;
  /** The error panel for each element-side error code. */
  errors: Record<PanelErrorCode, PanelTexts>;
  /** The modal's close button. */
  close: string;
  /** The modal's button once the number is paired. */
  done: string;
}

const enInvalid = {title: 'This connection link is not valid', body: 'Ask for a new link to connect your number.'};
const enBlocked = {
  title: 'The connection cannot be shown here',
  body: 'This page cannot show the WhatsApp connection right now. Please try again later.',
};
const en: Texts = {
  code: 'en',
  title: 'Connect a WhatsApp number',
  loading: 'Loading the WhatsApp connection…',
  expired: {title: 'This connection link has expired', body: 'For your security, connection links last 24 hours.'},
  renew: 'Get a new link',
  retry: 'Try again',
  errors: {
    'invalid-token': enInvalid,
    'invalid-base-url': enInvalid,
    'invalid-branding': enInvalid,
    'csp-blocked': enBlocked,
    'trusted-types-blocked': enBlocked,
    timeout: {title: 'Connecting is taking too long', body: 'Check your internet connection and try again.'},
    'token-fetch-failed': {title: 'Could not get a connection link', body: 'Please try again in a moment.'},
    'load-failed': {title: 'The connection could not load', body: 'Check your internet connection and try again.'},
  },
  close: 'Close',
  done: 'Done',
};

const ptInvalid = {title: 'Este link de conexão não é válido', body: 'Peça um novo link para conectar o seu número.'};
const ptBlocked = {
  title: 'Não é possível mostrar a conexão aqui',
  body: 'Esta página não consegue exibir a conexão do WhatsApp agora. Tente novamente mais tarde.',
};
const pt: Texts = {
  code: 'pt-BR',
  title: 'Conectar um número de WhatsApp',
  loading: 'Carregando a conexão do WhatsApp…',
  expired: {title: 'Este link de conexão expirou', body: 'Por segurança, os links de conexão valem por 24 horas.'},
  renew: 'Gerar um novo link',
  retry: 'Tentar novamente',
  errors: {
    'invalid-token': ptInvalid,
    'invalid-base-url': ptInvalid,
    'invalid-branding': ptInvalid,
    'csp-blocked': ptBlocked,
    'trusted-types-blocked': ptBlocked,
    timeout: {title: 'A conexão está demorando demais', body: 'Verifique a sua internet e tente novamente.'},
    'token-fetch-failed': {title: 'Não foi possível obter um link de conexão', body: 'Tente novamente em instantes.'},
    'load-failed': {title: 'Não foi possível carregar a conexão', body: 'Verifique a sua internet e tente novamente.'},
  },
  close: 'Fechar',
  done: 'Concluir',
};

const esInvalid = {
  title: 'Este enlace de conexión no es válido',
  body: 'Pide un enlace nuevo para conectar tu número.',
};
const esBlocked = {
  title: 'La conexión no se puede mostrar aquí',
  body: 'Esta página no puede mostrar la conexión de WhatsApp ahora. Inténtalo de nuevo más tarde.',
};
const es: Texts = {
  code: 'es',
  title: 'Conectar un número de WhatsApp',
  loading: 'Cargando la conexión de WhatsApp…',
  expired: {
    title: 'Este enlace de conexión ha caducado',
    body: 'Por seguridad, los enlaces de conexión duran 24 horas.',
  },
  renew: 'Obtener un enlace nuevo',
  retry: 'Reintentar',
  errors: {
    'invalid-token': esInvalid,
    'invalid-base-url': esInvalid,
    'invalid-branding': esInvalid,
    'csp-blocked': esBlocked,
    'trusted-types-blocked': esBlocked,
    timeout: {
      title: 'La conexión está tardando demasiado',
      body: 'Revisa tu conexión a internet e inténtalo de nuevo.',
    },
    'token-fetch-failed': {
      title: 'No se pudo obtener un enlace de conexión',
      body: 'Inténtalo de nuevo en un momento.',
    },
    'load-failed': {
      title: 'No se pudo cargar la conexión',
      body: 'Revisa tu conexión a internet e inténtalo de nuevo.',
    },
  },
  close: 'Cerrar',
  done: 'Listo',
};

/**
 * The texts for a BCP 47 language tag: any `pt` (Brazilian Portuguese is what PilotStatus' users speak;
 * European Portuguese readers understand it), any `es`, and English for everything else, including none.
 */
export function textsFor(lang: string): Texts {
  const primary = lang.trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'pt' ? pt : primary === 'es' ? es : en;
}
