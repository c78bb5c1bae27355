/* global HTMLElement, CustomEvent, URL, document, customElements, addEventListener, removeEventListener */
/* global requestAnimationFrame, cancelAnimationFrame */
// The floor `npm run bench` compares <pilotstatus-connect> against: what anyone would hand-write to do only
// the core job, with no Lit, no token or base-url checks, no state and no field validation. Not shipped.
// It listens on the window once per element, as the simple approach does, so routing costs grow with the
// number of elements on the page; that is part of what the benchmark shows.

// The same tokens as <pilotstatus-connect>, so both frames cost the browser the same.
const SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox';
const EVENTS = new Map([
  ['connect:paired', 'pilotstatus-paired'],
  ['connect:error', 'pilotstatus-error'],
  ['connect:expired', 'pilotstatus-expired'],
]);

class RefConnect extends HTMLElement {
  connectedCallback() {
    const base = new URL(this.getAttribute('base-url'));
    this.origin = base.origin;
    this.frame = document.createElement('iframe');
    this.frame.setAttribute('sandbox', SANDBOX);
    this.frame.src = `${base.href.replace(/\/$/, '')}/connect/${this.getAttribute('token')}`;
    (this.shadowRoot ?? this.attachShadow({mode: 'open'})).replaceChildren(this.frame);
    addEventListener('message', this);
  }

  disconnectedCallback() {
    removeEventListener('message', this);
    cancelAnimationFrame(this.raf);
    this.raf = 0;
  }

  handleEvent(event) {
    if (event.source !== this.frame.contentWindow || event.origin !== this.origin) return;
    const data = event.data;
    if (data?.type === 'resize') {
      this.height = data.height;
      // A burst of resizes costs one style write per animation frame, as in the element under test.
      this.raf ||= requestAnimationFrame(() => {
        this.raf = 0;
        this.frame.style.height = `${this.height}px`;
      });
    } else if (EVENTS.has(data?.type)) {
      const {type, ...detail} = data;
      if (type === 'connect:error') detail.code = 'connect-error';
      this.dispatchEvent(new CustomEvent(EVENTS.get(type), {detail, bubbles: true, composed: true}));
    }
  }
}

if (!customElements.get('ref-connect')) customElements.define('ref-connect', RefConnect);
