// A Svelte module (compiled with runes): the way a Svelte 5 app updates a mounted component's props from
// outside is to mount it with a $state object and change that object.
/* global $state */
export function reactive(props) {
  const state = $state(props);
  return state;
}
