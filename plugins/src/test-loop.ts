// Test plugin: never ends (the host must stop it at its time limit).
let spins: u64 = 0;
while (true) {
  spins++;
  if (spins == 0) break;
}
process.stdout.write(spins.toString());
