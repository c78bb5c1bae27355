'use client';

import {WhatsappConnectTag} from '../_readme/next-bare';
import {useRecorder} from '../events';

export function Harness({token, baseUrl}: {token: string; baseUrl?: string}) {
  const {log, ...handlers} = useRecorder();
  return (
    <>
      <WhatsappConnectTag token={token} baseUrl={baseUrl} {...handlers} />
      {log}
    </>
  );
}
