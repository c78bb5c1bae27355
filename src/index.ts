export {PilotstatusConnect} from './define.js';
export type {Branding, ConnectState} from './types.js';
export type {ConnectErrorDetail, ErrorCode, ExpiredDetail, PairedDetail, ReadyDetail} from './events.js';
// The drop-in's functions as ESM. Nothing in drop-in.js runs on import, so a bundler drops them from apps that
// never call them.
export {mount, open, type ConnectHandle, type ConnectOptions} from './drop-in.js';
export {
  MAX_HEIGHT,
  MAX_MESSAGE_LENGTH,
  MESSAGE_TYPES,
  parseConnectMessage,
  type ConnectMessage,
  type ErrorMessage,
  type ExpiredMessage,
  type PairedMessage,
  type ResizeMessage,
} from './protocol.js';
export {DEFAULT_BASE_URL, buildFrameUrl, checkToken, isValidToken, parseBaseUrl, safeRedirectUrl} from './urls.js';
