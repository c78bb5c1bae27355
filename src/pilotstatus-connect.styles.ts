/** The element's shadow-root styles. Only CSS here; the markup they style is in pilotstatus-connect.ts. */
import {css} from 'lit';

export const styles = css`
  :host {
    display: block;
    position: relative;
    --_bg: var(--pilotstatus-connect-panel-background, #f6f8fa);
    --_fg: var(--pilotstatus-connect-panel-color, #1f2328);
    --_accent: var(--pilotstatus-connect-accent, #0b7a75);
    --_radius: var(--pilotstatus-connect-radius, 8px);
    --_min: var(--pilotstatus-connect-min-height, 480px);
  }
  :host([hidden]),
  [hidden] {
    display: none !important;
  }
  iframe {
    display: block;
    box-sizing: border-box;
    width: 100%;
    height: var(--_min);
    border: 0;
  }
  /* Over the frame while it loads; in its place when there is none to show. Never in the way when empty. */
  .region {
    position: absolute;
    inset: 0;
    display: flex;
    pointer-events: none;
  }
  .region.alone {
    position: static;
  }
  .box {
    flex: 1;
    box-sizing: border-box;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 16px;
    padding: 24px;
    text-align: center;
    background: var(--_bg);
    color: var(--_fg);
    border-radius: var(--_radius);
    pointer-events: auto;
  }
  .alone .box {
    min-height: var(--_min);
  }
  .spinner {
    width: 28px;
    height: 28px;
    box-sizing: border-box;
    border: 3px solid var(--_accent);
    border-right-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
      border-right-color: var(--_accent);
      opacity: 0.6;
    }
  }
  p {
    margin: 0;
  }
  button {
    font: inherit;
    padding: 8px 16px;
    border: 0;
    border-radius: var(--_radius);
    background: var(--_accent);
    color: #fff;
    cursor: pointer;
  }
  button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
`;
