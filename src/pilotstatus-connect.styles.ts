/** The element's shadow-root styles. Only CSS here; the markup they style is in pilotstatus-connect.ts. */
import {unsafeCSS, type CSSResult} from 'lit';

/**
 * A `css` tag for our own style sheets, which interpolate nothing: Lit's `css` checks each interpolated value
 * and carries the error text for a bad one (about 200 B gzip that this package never needs). Named `css` so
 * the build's template minifier still minifies what it tags.
 */
export const css = (strings: TemplateStringsArray): CSSResult => unsafeCSS(strings[0]);

// Colours come through light-dark(), which follows the page's own `color-scheme` (inherited by the host):
// a page that declares dark gets dark panels, a light (or undeclared) page stays light. Under forced colours
// the system colours replace them and every box and button gets a visible edge.
export const styles = css`
  :host {
    display: block;
    position: relative;
    --_bg: var(--pilotstatus-connect-panel-background, light-dark(#f6f8fa, #161b22));
    --_fg: var(--pilotstatus-connect-panel-color, light-dark(#1f2328, #e6edf3));
    --_accent: var(--pilotstatus-connect-accent, light-dark(#0b7a75, #3fb9b1));
    --_on-accent: var(--pilotstatus-connect-on-accent, light-dark(#ffffff, #0d1117));
    --_radius: var(--pilotstatus-connect-radius, 8px);
    --_min: var(--pilotstatus-connect-min-height, 520px);
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
    border-radius: var(--_radius);
    transition: height 0.2s ease-out;
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
    gap: 12px;
    padding: 32px 24px;
    text-align: center;
    background: var(--_bg);
    color: var(--_fg);
    border-radius: var(--_radius);
    pointer-events: auto;
  }
  .box:focus {
    outline: none;
  }
  .box:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: -2px;
  }
  /* The loading indicator stands where the frame will be, at its height; panels take what they need. */
  .alone > [part='loading'] {
    min-height: var(--_min);
    transition: min-height 0.2s ease-out;
  }
  /* A neutral skeleton of what comes (the QR code, or Meta's button), not the accent: nothing to read yet. */
  .skeleton {
    width: 160px;
    height: 160px;
    border-radius: var(--_radius);
    background: currentColor;
    opacity: 0.08;
    animation: pulse 1s ease-in-out infinite alternate;
  }
  @keyframes pulse {
    to {
      opacity: 0.16;
    }
  }
  .icon {
    width: 40px;
    height: 40px;
    fill: none;
    stroke: var(--_accent);
    stroke-width: 2;
    stroke-linecap: round;
  }
  strong {
    font-size: 1.125em;
  }
  p {
    margin: 0;
    max-width: 36em;
  }
  button {
    font: inherit;
    margin-top: 4px;
    padding: 8px 16px;
    border: 1px solid transparent;
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_on-accent);
    cursor: pointer;
  }
  button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
    iframe,
    .alone > [part='loading'] {
      transition: none;
    }
  }
  @media (forced-colors: active) {
    .box,
    iframe {
      border: 1px solid CanvasText;
    }
    button {
      border-color: ButtonText;
    }
    .icon {
      stroke: CanvasText;
    }
  }
`;
