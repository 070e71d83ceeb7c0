/** Who attached an agent: by the device's name, never its raw id. */
import { expect, test } from 'vitest';
import { attachedByLabel } from './attached-by';
import { UNKNOWN_DEVICE } from './device-names';

const SELF = 'device:01JSELF000000000000000000';
const PHONE = 'device:01JPHONE00000000000000000';
const context = { self: SELF, selfName: 'Laptop', names: new Map([[PHONE, 'Phone']]) };

test('this device by its own name; another by the name devices publish, fresher than the stored one', () => {
  expect(attachedByLabel({ attached_by: SELF }, context)).toBe('Laptop (this device)');
  expect(attachedByLabel({ attached_by: PHONE, attached_by_name: 'Old phone' }, context)).toBe('Phone');
});

test('a device not known here: the name stored with the attachment, else "another device"', () => {
  const other = 'device:01JOTHER00000000000000000';
  expect(attachedByLabel({ attached_by: other, attached_by_name: 'Tablet' }, context)).toBe('Tablet');
  expect(attachedByLabel({ attached_by: other }, context)).toBe(UNKNOWN_DEVICE);
  expect(attachedByLabel({ attached_by: '', attached_by_name: '  ' }, context)).toBe(UNKNOWN_DEVICE);
});
