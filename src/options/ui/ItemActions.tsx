/** Move up, move down and remove for one item of a reorderable list; names say which item. */
export function ItemActions({
  label,
  index,
  count,
  onMove,
  onRemove,
  marker,
}: {
  /** The item as the buttons' accessible names say it, e.g. "talk track 2". */
  label: string;
  index: number;
  count: number;
  onMove: (to: number, direction: 'up' | 'down') => void;
  onRemove: () => void;
  /** Attributes by which the list finds a button again to keep focus on it after a move. */
  marker: (direction: 'up' | 'down') => Record<string, string>;
}) {
  return (
    <div class="track-actions">
      <button
        type="button"
        {...marker('up')}
        aria-label={`Move ${label} up`}
        disabled={index === 0}
        onClick={() => onMove(index - 1, 'up')}
      >
        ↑ Up
      </button>
      <button
        type="button"
        {...marker('down')}
        aria-label={`Move ${label} down`}
        disabled={index === count - 1}
        onClick={() => onMove(index + 1, 'down')}
      >
        ↓ Down
      </button>
      <button type="button" aria-label={`Remove ${label}`} onClick={onRemove}>
        Remove
      </button>
    </div>
  );
}
