// Test plugin: keeps allocating 256 KiB blocks until memory runs out (the host caps it).
const kept = new Array<Uint8Array>();
while (true) {
  const block = new Uint8Array(256 * 1024);
  block[0] = 1;
  kept.push(block);
}
