/**
 * A modal question before anything that replaces the SE's work. A native <dialog> shown with
 * showModal() traps focus and closes on Escape; Cancel has focus first so Enter never destroys.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

export interface ConfirmRequest {
  title: string;
  message: ComponentChildren;
  confirmLabel: string;
  onConfirm: () => void | Promise<void>;
}

export function ConfirmDialog({
  request,
  onClose,
}: {
  request: ConfirmRequest;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const messageId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    // Focus returns to whatever opened the dialog.
    const opener = document.activeElement as HTMLElement | null;
    if (!element.open) element.showModal();
    cancel.current?.focus();
    return () => opener?.focus();
  }, []);

  return (
    <dialog
      ref={dialog}
      class="confirm"
      aria-labelledby={titleId}
      aria-describedby={messageId}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{request.title}</h2>
      <div id={messageId}>{request.message}</div>
      <div class="actions">
        <button type="button" ref={cancel} onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          class="danger"
          onClick={() => {
            onClose();
            void request.onConfirm();
          }}
        >
          {request.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
