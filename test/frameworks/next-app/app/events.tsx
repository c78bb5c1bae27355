'use client';
// What the test reads: every handler call, in order, on window.__calls and in the page.
import {useEffect, useMemo, useState, type ReactNode} from 'react';

declare global {
  interface Window {
    __calls?: [string, unknown][];
  }
}

type Call = [string, unknown];

export function useRecorder(): {
  onPaired: (detail: unknown) => void;
  onError: (detail: unknown) => void;
  onExpired: () => void;
  log: ReactNode;
} {
  const [calls, setCalls] = useState<Call[]>([]);
  // Hydrated: React has run this page's effects (listeners added in effects are in place).
  useEffect(() => {
    document.documentElement.dataset.hydrated = '';
  }, []);
  const handlers = useMemo(() => {
    const record = (name: string) => (detail?: unknown) => {
      const call: Call = [name, detail ?? null];
      (window.__calls ??= []).push(call);
      setCalls((list) => [...list, call]);
    };
    return {onPaired: record('paired'), onError: record('error'), onExpired: record('expired')};
  }, []);
  const log = (
    <ol id="calls">
      {calls.map(([name, detail], i) => (
        <li key={i}>
          {name} {JSON.stringify(detail)}
        </li>
      ))}
    </ol>
  );
  return {...handlers, log};
}
