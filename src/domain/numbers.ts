/**
 * "10,000": thousands grouped with commas, as en-US writes them. Not toLocaleString: its first
 * call loads the ICU number formatter, ~15 ms on these machines, and the schemas format their
 * limits at load, in the worker's start-up and on the overlay's first show.
 */
export function formatCount(n: number): string {
  const [whole = '', fraction] = String(Math.abs(n)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}
