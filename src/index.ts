export {PilotstatusConnect, type ConnectState} from './pilotstatus-connect.js';
export type {ConnectErrorDetail, ErrorCode, ExpiredDetail, PairedDetail} from './events.js';
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
