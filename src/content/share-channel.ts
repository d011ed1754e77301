/**
 * The private channel between the main-world getDisplayMedia wrapper and the isolated-world
 * relay: one Comment node that both hold and the page never can. Both scripts run at
 * document_start, before any page script; whichever runs first adds the node to the document,
 * the other takes it out again in the same task, so no page script ever sees it (none has run,
 * and no observer of this new document exists yet). Events dispatched on a detached node reach
 * only that node's own listeners: a page cannot listen to the reports, nor dispatch one.
 * Runs in both worlds at document_start only: later (see share-relay's LATE flag) the page
 * could see or plant the node.
 */
import { SHARE_CHANNEL_MARK } from '../shared/constants';

export function meetOnChannel(doc: Document): EventTarget {
  for (const node of Array.from(doc.childNodes)) {
    if (node.nodeType === Node.COMMENT_NODE && node.nodeValue === SHARE_CHANNEL_MARK) {
      doc.removeChild(node);
      return node;
    }
  }
  const node = doc.createComment(SHARE_CHANNEL_MARK);
  doc.appendChild(node);
  return node;
}
