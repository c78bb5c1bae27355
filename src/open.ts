/**
 * `@pilotstatus/connect-element/embed`: `open()` and `mount()` alone, for code that wants the drop-in's API
 * by that name. The same functions are exported by the main entry; this file only points there, so a page
 * that imports both gets one copy.
 */
export {mount, open, type ConnectHandle, type ConnectOptions} from './index.js';
