// The debug page: copy what the element writes with console.debug into the page (it still goes to the
// console too), and post a message the element must ignore. Loaded before the element's bundle so that the
// copy starts with the element's first line.
const list = document.querySelector('.console');
const original = console.debug.bind(console);

const describe = (value) => {
  if (typeof value === 'string') return value;
  if (value instanceof MessageEvent) return `(MessageEvent from ${value.origin})`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
};

console.debug = (...args) => {
  original(...args);
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${args.map(describe).join(' ')}`;
  list.prepend(item);
};

document.getElementById('post-from-page').addEventListener('click', () => {
  window.postMessage({type: 'connect:paired', numberId: 'num_forged'}, location.origin);
});
