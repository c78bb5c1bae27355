'use client';
// Issue 14 item 1, kept as a check of what the README says: React's own recipe for a custom element
// (`onpilotstatus-*` props) on server-rendered markup. React attaches no listener when it hydrates it.
import '@pilotstatus/connect-element';
import type {} from '@pilotstatus/connect-element/jsx-react';
import {useRecorder} from '../events';

export function Harness({token, baseUrl}: {token: string; baseUrl?: string}) {
  const {log, onPaired, onError, onExpired} = useRecorder();
  return (
    <>
      <pilotstatus-connect
        token={token}
        base-url={baseUrl}
        onpilotstatus-paired={(e) => onPaired(e.detail)}
        onpilotstatus-error={(e) => onError(e.detail)}
        onpilotstatus-expired={() => onExpired()}
      />
      {log}
    </>
  );
}
