/** A bare module worker for the inference bench: the direct loop of direct-onnx.ts, over plain postMessage. */
import { openDirectSession } from './direct-onnx';

const session = openDirectSession();
self.onmessage = async (event: MessageEvent<number>) => {
  postMessage(await (await session).run(event.data));
};
