/**
 * What a hostile call page can do to lie about its screen share: run in the page's main world
 * (page.evaluate), it dispatches "not sharing" and "sharing another tab" reports, in every shape,
 * on everything it can reach: its window, document, root and body, every comment node, and a
 * planted look-alike of the private channel's node.
 */
export function forgeShareHints(hintEvent: string): { targets: number } {
  const lies = [
    '{"sharing":false,"surface":null,"selfTab":false}',
    '{"sharing":true,"surface":"browser","selfTab":false}',
    '{"sharing":true,"surface":"window","selfTab":false}',
  ];
  const planted = document.createComment('demo-rescue:share-channel');
  document.appendChild(planted);
  const targets: EventTarget[] = [
    window,
    document,
    document.documentElement,
    document.body,
    planted,
  ];
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_COMMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) targets.push(node);
  for (const target of targets) {
    for (const detail of lies) {
      for (const init of [{ detail }, { detail, bubbles: true, composed: true }]) {
        target.dispatchEvent(new CustomEvent(hintEvent, init));
        target.dispatchEvent(new CustomEvent('demo-rescue:share-report-request', init));
      }
      target.dispatchEvent(new CustomEvent(hintEvent, { detail: JSON.parse(detail) as unknown }));
    }
  }
  for (const detail of lies) window.postMessage(detail, '*');
  planted.remove();
  return { targets: targets.length };
}
