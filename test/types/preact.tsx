/** @jsxImportSource preact */
// Preact: the bare tag, after loading the jsx-preact types.
import type {} from '../../src/jsx-preact.js';

export function Connect({token}: {token: string}) {
  return (
    <pilotstatus-connect
      token={token}
      base-url="https://connect.example"
      class="connect"
      onpilotstatus-paired={(e) => e.detail.numberId?.toUpperCase()}
      onpilotstatus-error={(e) => e.detail.code}
      onpilotstatus-expired={(e) => Object.keys(e.detail)}
    />
  );
}

// @ts-expect-error numberID is not a field of PairedDetail (numberId is)
export const misspelt = <pilotstatus-connect onpilotstatus-paired={(e) => e.detail.numberID} />;
