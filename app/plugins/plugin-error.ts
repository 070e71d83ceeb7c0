/**
 * The sandbox's errors (reference B.1 names): `Unsupported` (the plugin asks for what
 * this host does not give), `Runtime` (it could not run, trapped or ran out of memory),
 * `Interrupted` (stopped at its time limit) and `Denied` (the decision point refused a
 * capability; with the destination for network calls). The message a model and a person
 * read starts with the variant.
 */
import type { PluginErrorVariant } from '../../workers/plugin/api';

export interface DeniedDestination {
  dest_host?: string;
  dest_port?: number;
  protocol?: string;
}

export class PluginError extends Error {
  readonly variant: PluginErrorVariant;
  readonly reason: string;
  readonly destination: DeniedDestination | undefined;
  constructor(variant: PluginErrorVariant, reason: string, destination?: DeniedDestination) {
    const where = destination
      ? ` (${[
          destination.dest_host && `host=${destination.dest_host}`,
          destination.dest_port && `port=${destination.dest_port}`,
          destination.protocol && `proto=${destination.protocol}`,
        ]
          .filter(Boolean)
          .join(' ')})`
      : '';
    super(`${variant}: ${reason}${where}`);
    this.name = 'PluginError';
    this.variant = variant;
    this.reason = reason;
    this.destination = destination;
  }
}
