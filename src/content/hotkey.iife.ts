document.addEventListener(
  'keydown',
  (e) => {
    if (e.isTrusted) chrome.runtime.sendMessage({ type: 'x' });
  },
  true,
);
