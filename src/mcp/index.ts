// The MCP client's public surface, for the app layer. Importing it does not load the SDK: that
// happens on the first connection (see sdk.ts).
// Before any schema parses: zod must not probe `new Function` under the app's policy.
import '../lib/zod-jitless';
export {
  parseMcpJson,
  parseServerEntry,
  expandVariables,
  SERVER_NAME,
  type McpServerConfig,
  type McpRemoteConfig,
  type McpStdioConfig,
  type McpInPageConfig,
  type McpEmbedConfig,
  type InPageServer,
  type McpServerEntry,
  type McpServerSource,
  type McpTransportKind,
  type McpConfigIssue,
  type ParsedMcpJson,
} from './config';
export {
  checkUserServer,
  saveUserServerSecrets,
  forgetUserServerSecrets,
  userServerEntry,
  type McpUserServerRecord,
  type McpUserServerInput,
} from './user-servers';
export { memorySecretStore, secretOrigin, isSecretHeader, type McpSecretStore } from './secret-store';
export {
  createMcpManager,
  type McpManager,
  type McpManagerOptions,
  type McpServerState,
  type McpServerStatus,
} from './manager';
export type { McpCallbacks, McpConnection } from './connection';
export { isMcpTool, type McpTool, type McpToolMeta, type McpToolResult } from './mcp-tool';
export type { McpToolDetails, McpCardBlock, McpProgress } from './tool-result';
export { TOOL_BUDGET_BYTES } from './toolset';
export { TOOL_SEARCH_NAME } from './tool-search';
export {
  elicitationFields,
  checkElicitationAnswer,
  type McpElicitationRequest,
  type McpElicitationAnswer,
  type ElicitationField,
  type ElicitationValue,
} from './elicitation';
export {
  sampleWithProvider,
  samplingToProviderRequest,
  samplingPreview,
  type McpSamplingRequest,
  type SamplingAnswer,
  type SamplingResult,
} from './sampling';
export {
  openAuthorizationWindow,
  handleOAuthCallbackPage,
  parseOAuthCallback,
  OAUTH_CHANNEL,
  type AuthorizationWindow,
  type OAuthCallbackParams,
} from './oauth/popup';
export { popupBlocked } from './oauth/sign-in';
export { findMcpMentions, mentionCompletions, type McpMention, type McpAttachment } from './mentions';
export type { McpPromptCommand, McpCommandOutcome } from './prompt-commands';
export { formatFailure, corsRequirements, type McpFailure, type McpFailureKind } from './errors';
export { MessagePortTransport, type PortEnvelope } from './transports/message-port';
export type { WebSocketConstructor } from './transports/websocket';
