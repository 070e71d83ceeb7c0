// word-count: counts the words in every file of the pre-opened /project directory (the
// files the host was allowed to give it) and prints {"files":[{path, words}], "total"}.
import { listFiles, openAt, readAll, fd_close, PROJECT_FD } from './lib/wasi';
import { quote } from './lib/json';

function countWords(bytes: Uint8Array): i32 {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    const space = b == 0x20 || b == 0x0a || b == 0x0d || b == 0x09 || b == 0x0c || b == 0x0b;
    if (space) inWord = false;
    else if (!inWord) {
      inWord = true;
      words++;
    }
  }
  return words;
}

const files = new Array<string>();
listFiles(PROJECT_FD, '', files);
if (files.length == 0) {
  process.stderr.write('word-count: /project holds no files (none were granted, or the folder is empty)\n');
}
files.sort();
let total = 0;
let out = '{"files":[';
for (let i = 0; i < files.length; i++) {
  const fd = openAt(PROJECT_FD, files[i], false);
  if (fd < 0) {
    process.stderr.write('word-count: cannot open ' + files[i] + '\n');
    continue;
  }
  const words = countWords(readAll(<u32>fd));
  fd_close(<u32>fd);
  total += words;
  out += (i > 0 ? ',' : '') + '{"path":' + quote(files[i]) + ',"words":' + words.toString() + '}';
}
out += '],"total":' + total.toString() + '}\n';
process.stdout.write(out);
