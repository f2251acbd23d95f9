// The playground's training worker (core/run/protocol.go): loads Go's
// wasm_exec.js (go-app serves it at the root) and runs web/worker.wasm,
// fetched with this script's own query (?v=<version>), so that the service
// worker's precache answers offline. Messages that arrive before Go listens
// wait in plasticityQueue; the page sends nothing before the worker's Ready.
"use strict";
self.plasticityQueue = [];
self.onmessage = (e) => self.plasticityQueue.push(e.data);
try {
  importScripts("/wasm_exec.js");
  const go = new Go();
  const url = "/web/worker.wasm" + self.location.search;
  const start = WebAssembly.instantiateStreaming
    ? WebAssembly.instantiateStreaming(fetch(url), go.importObject)
    : fetch(url).then((r) => r.arrayBuffer()).then((b) => WebAssembly.instantiate(b, go.importObject));
  start.then((r) => go.run(r.instance)).catch((err) => {
    self.postMessage({ fatal: "the training worker could not start: " + err });
  });
} catch (err) {
  self.postMessage({ fatal: "the training worker could not start: " + err });
}
