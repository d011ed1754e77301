/** A POC's prospect and name as a title, each isolated so bidi controls in one stay in it. */
import { Fragment } from 'preact';
import type { Poc } from '../../domain/poc';
import { displayName } from './model';

export function PocTitle({ poc }: { poc: Poc }) {
  const parts = [poc.prospect.trim(), poc.name.trim()].filter(Boolean);
  if (parts.length === 0) return <>{displayName(poc)}</>;
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? ' — ' : null}
          <bdi>{part}</bdi>
        </Fragment>
      ))}
    </>
  );
}
