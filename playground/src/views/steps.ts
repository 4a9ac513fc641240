export function mount(root: HTMLElement, _params: URLSearchParams, _setParams: (p: URLSearchParams) => void): () => void {
  root.textContent = 'The steps view is coming.';
  return () => {};
}
