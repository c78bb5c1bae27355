// Bundled by test/plugins/framework-harness.mjs for test/frameworks/angular.test.ts: Angular 20 compiling
// just in time in the browser (@angular/compiler), without zone.js, and the README's Angular component as it
// is written there (`readme:angular`), importing the element as an app does (`@pilotstatus/connect-element`,
// which resolves to the built dist/index.js).
import '@angular/compiler';
import {Component, InjectionToken, inject, provideZonelessChangeDetection, signal} from '@angular/core';
import {createApplication} from '@angular/platform-browser';
import {WhatsappConnectComponent} from 'readme:angular';

export {WhatsappConnectComponent};

const START = new InjectionToken('the token and base-url to start with, and where to record the outputs');

/** A page that uses the README's component as the README shows it: its token in a signal, its outputs handled. */
class ConnectPage {
  start = inject(START);
  token = signal(this.start.token);
  baseUrl = this.start.baseUrl;
  record(name, value) {
    this.start.calls.push([name, value]);
  }
}
// Angular's decorators are functions: this is what `@Component({…})` above a class compiles to.
Component({
  selector: 'connect-page',
  imports: [WhatsappConnectComponent],
  template: `<app-whatsapp-connect
    [token]="token()"
    [baseUrl]="baseUrl"
    (paired)="record('paired', $event)"
    (failed)="record('error', $event)"
    (expired)="record('expired', $event)"
  />`,
})(ConnectPage);

/**
 * Boots an app, zoneless, whose root component (the page above) renders into `host`. Returns the app, the
 * page (its `token` signal is the app's state) and the calls of its output handlers.
 */
export async function bootstrap(host, {token, baseUrl}) {
  const calls = [];
  const app = await createApplication({
    providers: [provideZonelessChangeDetection(), {provide: START, useValue: {token, baseUrl, calls}}],
  });
  const page = app.bootstrap(ConnectPage, host);
  return {app, page: page.instance, calls};
}
