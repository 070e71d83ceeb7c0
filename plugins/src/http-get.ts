// http-get: fetches {"url"} through the host's arw.http_get bridge (only hosts the person
// leased answer) and prints {"status", "bytes", "first"} with the body's first 200 characters.
import { quote, stringField } from "./lib/json";

// @ts-ignore: decorator
@external("arw", "http_get")
declare function http_get(url_ptr: usize, url_len: usize, out_ptr: usize, out_cap: usize): i32;

const OUT_CAP = 65536;
const args = process.argv;
const input = args.length > 1 ? args[1] : "{}";
const url: string | null = stringField(input, "url");
if (url == null) {
  process.stderr.write('http-get: the input needs {"url": "http://..."}\n');
  process.exit(2);
} else {
  const urlBytes = String.UTF8.encode(<string>url);
  const out = new Uint8Array(OUT_CAP);
  const n = http_get(changetype<usize>(urlBytes), urlBytes.byteLength, out.dataStart, OUT_CAP);
  if (n < 0) {
    process.stderr.write("http-get: the host refused or failed the request (code " + n.toString() + ")\n");
    process.exit(1);
  } else {
    // The first 4 bytes are the HTTP status (little-endian u32), then the body.
    const status = load<u32>(out.dataStart);
    const body = String.UTF8.decodeUnsafe(out.dataStart + 4, <usize>(n - 4));
    const first = body.length > 200 ? body.substring(0, 200) : body;
    process.stdout.write(
      '{"status":' + status.toString() + ',"bytes":' + (n - 4).toString() + ',"first":' + quote(first) + "}\n",
    );
  }
}
