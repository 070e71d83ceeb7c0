/** The NATS bridge: what the composition root (sync-server/main.ts) wires. */
export {
  checkNatsConfig,
  NATS_CONFIG_SHAPE,
  natsConnectOptions,
  NatsConfigSchema,
  parseNatsConfig,
  type NatsConfig,
} from './config';
export { connectRelayToBridge } from './connect-relay';
export { createNatsBridge, SERVER_HEADER, type NatsBridgeOptions } from './nats-bridge';
export * from './types';
