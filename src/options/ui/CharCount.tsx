import { formatCount } from '../../domain/numbers';

/** A character counter that appears near the limit (from 80 %) and says how far over it is. */
export function CharCount({ id, length, limit }: { id: string; length: number; limit: number }) {
  if (length < limit * 0.8) return null;
  const over = length - limit;
  return (
    <p id={id} class={over > 0 ? 'char-count over' : 'char-count'}>
      {formatCount(length)} / {formatCount(limit)} characters
      {over > 0 ? ` (${formatCount(over)} over)` : ''}
    </p>
  );
}
