'use client';

import {WhatsappConnect} from '../_readme/next-wrapper';
import {useRecorder} from '../events';

export function Harness({token, baseUrl}: {token: string; baseUrl?: string}) {
  const {log, ...handlers} = useRecorder();
  return (
    <>
      <WhatsappConnect token={token} baseUrl={baseUrl} {...handlers} />
      {log}
    </>
  );
}
