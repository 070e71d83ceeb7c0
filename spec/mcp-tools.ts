/**
 * The MCP tool list: the tools agents can call (core/agent/tools.ts), with input
 * schemas, in the shape of MCP `tools/list` (`{ tools: [{ name, description,
 * inputSchema }] }`). A test checks the ids match the built-in tool registry.
 */
import { z } from 'zod';
import { jsonSchemaOf } from './json-schema';

export interface McpToolSpec {
  readonly name: string;
  readonly description: string;
  readonly input: z.ZodType;
}

export const MCP_TOOLS: readonly McpToolSpec[] = [
  { name: 'clock.now', description: 'The current date and time (ISO-8601, UTC).', input: z.strictObject({}) },
  {
    name: 'math.eval',
    description: 'Evaluates arithmetic: numbers, + - * /, parentheses, unary minus.',
    input: z.strictObject({
      expression: z.string().min(1).max(1000).describe("An arithmetic expression, e.g. '2+3*4'"),
    }),
  },
];

/** The MCP tool list as JSON text. */
export function buildMcpTools(): string {
  const tools = MCP_TOOLS.map((tool) => ({
    name: tool.name,
    description: tool.description,
    inputSchema: jsonSchemaOf(tool.input),
  }));
  return `${JSON.stringify({ tools }, null, 2)}\n`;
}
