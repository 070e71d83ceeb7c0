// Test plugin: imports a function no host gives (the host must refuse it by name).
// @ts-ignore: decorator
@external("env", "spawn_shell")
declare function spawn_shell(): i32;

process.stdout.write(spawn_shell().toString());
