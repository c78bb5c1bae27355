// React 19: the bare tag (after loading the jsx-react types) and the @lit/react wrapper.
import {useRef} from 'react';
import type {} from '../../src/jsx-react.js';
import type {ErrorCode, PilotstatusConnect as PilotstatusConnectElement} from '../../src/index.js';
import {PilotstatusConnect} from '../../src/react.js';

export function Bare({token}: {token: string}) {
  const ref = useRef<PilotstatusConnectElement>(null);
  return (
    <pilotstatus-connect
      ref={ref}
      token={token}
      base-url="https://connect.example"
      className="connect"
      onpilotstatus-paired={(e) => e.detail.numberId?.toUpperCase()}
      onpilotstatus-error={(e) => {
        const code: ErrorCode = e.detail.code;
        return code;
      }}
      onpilotstatus-expired={(e) => e.detail.renewing === true}
      token-url="/api/pairing-token"
      redirect
      branding={{name: 'Acme'}}
      timeout={15000}
      debug
    />
  );
}

export function WithProperty({token}: {token: string}) {
  return <pilotstatus-connect token={token} baseUrl="https://connect.example" />;
}

export function Wrapped({token}: {token: string | null}) {
  const ref = useRef<PilotstatusConnectElement>(null);
  return (
    <PilotstatusConnect
      ref={ref}
      token={token}
      baseUrl="https://connect.example"
      style={{width: '100%'}}
      onPaired={(e) => e.detail.redirectUrl?.startsWith('https:')}
      onError={(e) => e.detail.message.length}
      onExpired={() => ref.current?.remove()}
    />
  );
}

// @ts-expect-error numberID is not a field of PairedDetail (numberId is)
export const misspelt = <pilotstatus-connect onpilotstatus-paired={(e) => e.detail.numberID} />;
// @ts-expect-error the wrapper's handler gets a CustomEvent<ConnectErrorDetail>: no `reason`
export const wrongField = <PilotstatusConnect onError={(e) => e.detail.reason} />;
