/**
 * Reads what the host must know of a plugin module before it runs: the limits of its
 * imported memory (the host's memory must start at least at the module's minimum, and a
 * module's own maximum caps the host's). WebAssembly.Module.imports() names imports but
 * not their limits, so this walks the binary's import section. Pure.
 */

export interface MemoryImport {
  /** Pages the module needs at start. */
  minimum: number;
  /** The module's own cap in pages, when it declares one. */
  maximum?: number;
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** A cursor over the bytes with the LEB128 and name readers the import section needs. */
function reader(bytes: Uint8Array) {
  let at = 0;
  const byte = () => {
    if (at >= bytes.byteLength) throw new Error('the module ends inside a section');
    return bytes[at++]!;
  };
  const u32 = () => {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    throw new Error('a number in the module is too long');
  };
  const name = () => {
    const length = u32();
    const text = new TextDecoder().decode(bytes.subarray(at, at + length));
    at += length;
    return text;
  };
  return { byte, u32, name, skip: (n: number) => void (at += n), at: () => at, done: () => at >= bytes.byteLength };
}

function limits(read: ReturnType<typeof reader>): MemoryImport {
  const flags = read.byte();
  const minimum = read.u32();
  return flags & 1 ? { minimum, maximum: read.u32() } : { minimum };
}

/**
 * The `env.memory` import's limits; `undefined` when the module imports no memory (it then
 * defines its own, which the host cannot cap). Throws on a malformed module.
 */
export function memoryImportOf(bytes: Uint8Array): MemoryImport | undefined {
  if (bytes.byteLength < 8 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('this is not a WebAssembly module');
  const read = reader(bytes.subarray(8));
  while (!read.done()) {
    const id = read.byte();
    const size = read.u32();
    if (id !== 2) {
      read.skip(size);
      continue;
    }
    const count = read.u32();
    for (let i = 0; i < count; i++) {
      const module = read.name();
      const field = read.name();
      const kind = read.byte();
      if (kind === 0)
        read.u32(); // function: type index
      else if (kind === 1) {
        read.byte(); // table: element type, then limits
        limits(read);
      } else if (kind === 2) {
        const memory = limits(read);
        if (module === 'env' && field === 'memory') return memory;
      } else if (kind === 3)
        read.skip(2); // global: value type, mutability
      else if (kind === 4) {
        read.byte(); // tag: attribute, then type index
        read.u32();
      } else throw new Error(`unknown import kind ${kind}`);
    }
    return undefined;
  }
  return undefined;
}
