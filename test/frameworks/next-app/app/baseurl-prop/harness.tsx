'use client';
// Issue 14 item 5, kept as a check of what the README says: `baseUrl` as a property of the bare tag on
// server-rendered markup. The server HTML has `token` (an attribute) but no base-url, and hydration sets no
// property: the frame is built from the default Connect origin.
import '@pilotstatus/connect-element';
import type {} from '@pilotstatus/connect-element/jsx-react';
import {useRecorder} from '../events';

export function Harness({token, baseUrl}: {token: string; baseUrl?: string}) {
  const {log} = useRecorder();
  return (
    <>
      <pilotstatus-connect token={token} baseUrl={baseUrl} />
      {log}
    </>
  );
}
