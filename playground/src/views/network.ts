export function mount(root: HTMLElement, _params: URLSearchParams, _setParams: (p: URLSearchParams) => void): () => void {
  root.textContent = 'The network view is coming.';
  return () => {};
}
