/** Who did it, by the name people gave the device; never a raw actor id. */
import { expect, test } from 'vitest';
import { deviceLabel, knownDeviceNames, UNKNOWN_DEVICE } from './known-devices';

const SELF = 'device:01JSELF000000000000000000';
const PHONE = 'device:01JPHONE00000000000000000';

test('this device by its own name; a peer by the name it publishes, presence newer than thread authors', () => {
  const names = knownDeviceNames({
    selfActor: SELF,
    selfName: 'Laptop',
    authors: [{ actor: PHONE, name: 'Old phone name' }],
    peers: [{ actor: PHONE, name: 'Phone' }],
  });
  expect(deviceLabel(names, SELF, SELF)).toBe('Laptop (this device)');
  expect(deviceLabel(names, SELF, PHONE)).toBe('Phone');
});

test('a name stored with the fact when nothing fresher is known; otherwise "another device", never the id', () => {
  const names = knownDeviceNames({ selfActor: SELF, selfName: 'Laptop' });
  expect(deviceLabel(names, SELF, PHONE, 'Phone')).toBe('Phone');
  expect(deviceLabel(names, SELF, PHONE)).toBe(UNKNOWN_DEVICE);
  expect(deviceLabel(names, SELF, '')).toBe(UNKNOWN_DEVICE);
  expect(deviceLabel(names, SELF, PHONE, '  ')).toBe(UNKNOWN_DEVICE);
});
