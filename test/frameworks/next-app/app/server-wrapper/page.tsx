// Issue 14 item 2: the wrapper imported by a server component. dist/react.js starts with 'use client', so
// this is a client reference (rendered on the server, hydrated in the browser), not hooks run in the server
// environment. Without handlers: functions cannot be passed from the server to the client.
import {PilotstatusConnect} from '@pilotstatus/connect-element/react';

export default async function Page({searchParams}: {searchParams: Promise<{token?: string; base?: string}>}) {
  const {token = '', base} = await searchParams;
  return <PilotstatusConnect token={token} baseUrl={base} />;
}
