/** The warning about stored data that needed repair or came from a newer Demo Rescue. */
import { useState } from 'preact/hooks';
import { downloadText, fileStamp } from '../backup/download';
import { usePage } from '../ui/context';
import { describeRepair } from './describe';
import type { StoredDataModel, StoredNotice } from './model';

const NAMES = { playbook: 'playbook', settings: 'settings' } as const;

function Notice({ notice, model }: { notice: StoredNotice; model: StoredDataModel }) {
  const { announce } = usePage();
  const [copyFailed, setCopyFailed] = useState(false);
  const name = NAMES[notice.item];
  const id = `stored-notice-${notice.item}`;
  const original = JSON.stringify(notice.raw, null, 2) ?? 'undefined';

  async function copy() {
    try {
      await navigator.clipboard.writeText(original);
      setCopyFailed(false);
      announce(`The original ${name} is copied.`);
    } catch {
      setCopyFailed(true);
    }
  }

  return (
    <section class="stored-notice" role="alert" aria-labelledby={id} data-item={notice.item}>
      <h2 id={id}>
        {notice.newer
          ? `Your ${name} was saved by a newer version of Demo Rescue`
          : `Part of your stored ${name} could not be read`}
      </h2>
      {notice.newer ? (
        <p>
          It is shown as well as this version can read it (format {notice.version}). Changes to it
          are not saved until you update Demo Rescue, so nothing it holds is lost.
        </p>
      ) : (
        <>
          <p>Demo Rescue kept everything else and changed only this:</p>
          <ul class="stored-repairs">
            {notice.repairs.map((repair, i) => (
              <li key={i}>{describeRepair(notice.item, repair)}</li>
            ))}
          </ul>
          <p>The original is kept until you dismiss this warning.</p>
        </>
      )}
      <div class="actions">
        <button type="button" onClick={() => void copy()}>
          Copy the original
        </button>
        <button
          type="button"
          onClick={() =>
            downloadText(
              `demo-rescue-${name}-original-${fileStamp(new Date())}.json`,
              original,
              'application/json',
            )
          }
        >
          Download the original
        </button>
        {notice.newer ? null : (
          <button type="button" onClick={() => void model.dismiss(notice.item)}>
            Dismiss
          </button>
        )}
      </div>
      {copyFailed ? (
        <p class="warning">The browser did not allow copying. Download the original instead.</p>
      ) : null}
    </section>
  );
}

export function StoredDataNotices({ model }: { model: StoredDataModel }) {
  const error = model.error.value;
  return (
    <>
      {model.notices.value.map((notice) => (
        <Notice key={notice.item} notice={notice} model={model} />
      ))}
      {error ? (
        <p role="alert" class="error-box">
          {error}
        </p>
      ) : null}
    </>
  );
}
