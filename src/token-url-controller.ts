/**
 * The token-url request's I/O, as a Lit ReactiveController: the flow decides which request is wanted
 * ({@link TokenRequest}); this controller makes the one in flight match it, drops it when the element is
 * removed, and makes it again when the element is put back. Which answer counts is the flow's decision too.
 */
import type {ReactiveController, ReactiveControllerHost} from 'lit';
import type {TokenFetchResult, TokenRequest} from './flow.js';
import {loadFetchToken} from './load-fetch-token.js';
import {tokenFromResponse} from './urls.js';

export class TokenUrlController implements ReactiveController {
  private _wanted: TokenRequest | null = null;
  private _inFlight: {key: string; abort: AbortController} | null = null;

  constructor(
    private readonly _host: ReactiveControllerHost & {readonly isConnected: boolean},
    private readonly _onResult: (key: string, result: TokenFetchResult) => void,
  ) {
    _host.addController(this);
  }

  /** Starts `request` when it is pending and not yet in flight; aborts whatever else is. */
  sync(request: TokenRequest | null): void {
    this._wanted = request?.pending ? request : null;
    const wanted = this._wanted;
    if (this._inFlight && this._inFlight.key !== wanted?.key) this._abort();
    // A detached element asks when it is connected again.
    if (!wanted || this._inFlight || !this._host.isConnected) return;
    const abort = new AbortController();
    const inFlight = {key: wanted.key, abort};
    this._inFlight = inFlight;
    // The request code is a chunk of its own, asked for right before the request it makes. A chunk that does
    // not arrive is reported like a failed request, with its own code; "Try again" imports it again (an engine
    // that keeps a failed module fetch for the page's lifetime then reports the same failure).
    void loadFetchToken()
      .then(
        (fetchToken) => fetchToken(wanted.url, (body) => tokenFromResponse(body, new URL(wanted.base)), abort.signal),
        (error: unknown): TokenFetchResult => ({
          ok: false,
          code: 'load-failed',
          message: `The token-url code of <pilotstatus-connect> could not load: ${error instanceof Error ? error.message : String(error)}`,
        }),
      )
      .then((result) => {
        // After abort() the answer means nothing, even a failure.
        if (this._inFlight !== inFlight) return;
        this._inFlight = null;
        this._onResult(inFlight.key, result);
      });
  }

  hostConnected(): void {
    // A request that removal interrupted (or that was wanted while detached) is made now.
    this.sync(this._wanted);
  }

  hostDisconnected(): void {
    this._abort();
  }

  private _abort(): void {
    this._inFlight?.abort.abort();
    this._inFlight = null;
  }
}
