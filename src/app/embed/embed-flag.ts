// Whether the page was asked to run embedded (`?embed=1`, any value but 0/false). Kept apart from
// the embed code itself, which loads only when this says yes (src/main.tsx).
export function embedRequested(search: string): boolean {
  const flag = new URLSearchParams(search).get('embed');
  return flag !== null && flag !== '0' && flag !== 'false';
}
