// ssrgen: the theme's search worker, adjusted for control ids.
// 1. Query terms are split only at spaces and at the site's search separator
//    (mkdocs.yml), never at '-' or '(' inside a word, so AC-2, ac-2(3) and
//    P1075-2.B.2 are searched as they are indexed.
// 2. A query word that looks like an id also asks for that exact id with a boost,
//    so 'AC-2' lists AC-2 before AC-20, AC-21, ... (which its prefix also matches).
// It runs as a real worker when the site is served, and inside the iframe of
// iframe-worker.js when a page is opened from the file system: there this file is
// a <script> of the iframe (its address is document.currentScript.src) and
// importScripts returns a promise instead of loading at once.
(function () {
  var own = typeof document !== "undefined" && document.currentScript
    ? document.currentScript.src : self.location.href;
  var found = /[?&]worker=(search\.[0-9a-f]+\.min\.js)(?:[?&#]|$)/.exec(own);
  if (!found) {
    throw new Error("ssrgen search: unexpected worker address " + own);
  }
  var theme = new URL(found[1], own).href;
  var ID = /^[A-Za-z][A-Za-z0-9]*-[0-9][A-Za-z0-9.]*(\([0-9]+\))?$/;
  var listen = self.addEventListener.bind(self);
  self.addEventListener = function (type, handler, options) {
    if (type !== "message") return listen(type, handler, options);
    return listen(type, function (event) {
      var message = event.data;
      if (message && typeof message.data === "string") {
        var extra = message.data.trim().split(/\s+/).filter(function (word) {
          return ID.test(word);
        }).map(function (word) { return word + "^20"; });
        if (extra.length) {
          return handler({ data: { type: message.type, data: message.data + " " + extra.join(" ") } });
        }
      }
      return handler(event);
    }, options);
  };
  Promise.resolve(importScripts(theme)).then(function () {
    self.lunr.QueryLexer.termSeparator = /\s+/;
  });
})();
