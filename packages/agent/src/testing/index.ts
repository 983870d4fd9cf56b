/**
 * Test helpers of `@agentos/agent`: a scripted local OpenAI-compatible server.
 * @module
 */
export { startFakeOpenAI, messageText } from './openai-server.js';
export type {
  FakeOpenAI,
  FakeOpenAIOptions,
  FakeReply,
  FakeReplyCommon,
  FakeToolCall,
  FakeUsage,
  FakeMatch,
  FakeResponder,
  FakeChatMessage,
  RecordedRequest,
} from './openai-server.js';
