/** Loading and error states shared by every view that waits on the worker. */

export function Loading({ label }: { label: string }) {
  return (
    <p class="load-state" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function LoadError({
  title,
  message,
  onRetry,
}: {
  title: string;
  message: string;
  onRetry: () => void;
}) {
  return (
    <div class="load-state load-error" role="alert">
      <p class="load-error-title">{title}</p>
      <p class="load-error-message">{message}</p>
      <button type="button" class="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
