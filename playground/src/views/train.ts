/**
 * PLACEHOLDER committed by playground-a so that main.ts builds: playground-b owns this file and
 * replaces it with the real train view (same mount signature, see main.ts's Mount).
 */
export function mount(root: HTMLElement, _params: URLSearchParams, _setParams: (p: URLSearchParams) => void): () => void {
  root.textContent = 'The train view is coming.';
  return () => {};
}
