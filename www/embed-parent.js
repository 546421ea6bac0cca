// For pages that embed restake-calc in an iframe: sizes each
// <iframe data-restake-calc> to the height its content reports. Only messages
// from one of those iframes, with a sane height, are taken. An iframe reports
// its height when it has drawn its panels and whenever it changes; one that
// did so before this script was listening is asked again.
(() => {
  const MESSAGE = 'restake-calc:height';
  const ASK = 'restake-calc:height?';
  addEventListener('message', (event) => {
    const data = event.data;
    if (!data || data.type !== MESSAGE) return;
    const height = Number(data.height);
    if (!Number.isFinite(height) || height < 50 || height > 50000) return;
    for (const frame of document.querySelectorAll('iframe[data-restake-calc]')) {
      if (frame.contentWindow === event.source) frame.style.height = `${Math.ceil(height)}px`;
    }
  });
  for (const frame of document.querySelectorAll('iframe[data-restake-calc]')) {
    const ask = () => frame.contentWindow?.postMessage({ type: ASK }, '*');
    ask();
    frame.addEventListener('load', ask);
  }
})();
