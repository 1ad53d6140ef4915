// Known hosts: base URL, wire format, a sensible default model, and what a local server needs to accept the page.
import type { ProviderConfig, WireFormat } from './types';

export interface ProviderPreset {
  id: string;
  label: string;
  format: WireFormat;
  baseUrl: string;
  /** '' when the model depends on what the server has loaded: pick from the listed models. */
  defaultModel: string;
  needsKey: boolean;
  /** Runs on the user's machine; the browser reaches it only if it allows this page's origin. */
  local: boolean;
  /** Where to get a key, for the settings form. */
  keyUrl?: string;
  /** Extra headers the host likes; never the key. */
  headers?: Record<string, string>;
  /** What to set up so the browser may call it (CORS), and other first-run steps. */
  setupNote?: string;
}

export const presets: readonly ProviderPreset[] = [
  {
    id: 'anthropic',
    label: 'Anthropic',
    format: 'anthropic',
    baseUrl: 'https://api.anthropic.com',
    defaultModel: 'claude-sonnet-4-6',
    needsKey: true,
    local: false,
    keyUrl: 'https://console.anthropic.com/settings/keys',
  },
  {
    id: 'openai',
    label: 'OpenAI',
    format: 'openai',
    baseUrl: 'https://api.openai.com/v1',
    defaultModel: 'gpt-4.1',
    needsKey: true,
    local: false,
    keyUrl: 'https://platform.openai.com/api-keys',
  },
  {
    id: 'openrouter',
    label: 'OpenRouter',
    format: 'openai',
    baseUrl: 'https://openrouter.ai/api/v1',
    defaultModel: 'anthropic/claude-sonnet-4.6',
    needsKey: true,
    local: false,
    keyUrl: 'https://openrouter.ai/keys',
    headers: { 'X-Title': 'Tidepool' },
  },
  {
    id: 'groq',
    label: 'Groq',
    format: 'openai',
    baseUrl: 'https://api.groq.com/openai/v1',
    defaultModel: 'llama-3.3-70b-versatile',
    needsKey: true,
    local: false,
    keyUrl: 'https://console.groq.com/keys',
  },
  {
    id: 'deepseek',
    label: 'DeepSeek',
    format: 'openai',
    baseUrl: 'https://api.deepseek.com/v1',
    defaultModel: 'deepseek-chat',
    needsKey: true,
    local: false,
    keyUrl: 'https://platform.deepseek.com/api_keys',
  },
  {
    id: 'gemini',
    label: 'Google Gemini',
    format: 'openai',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
    defaultModel: 'gemini-2.5-flash',
    needsKey: true,
    local: false,
    keyUrl: 'https://aistudio.google.com/apikey',
  },
  {
    id: 'ollama',
    label: 'Ollama (local)',
    format: 'openai',
    baseUrl: 'http://localhost:11434/v1',
    defaultModel: 'qwen2.5-coder:7b',
    needsKey: false,
    local: true,
    setupNote:
      'Ollama only answers pages whose origin it allows: quit it, then start it with OLLAMA_ORIGINS set to this page’s origin ' +
      '(e.g. `OLLAMA_ORIGINS="https://tidepool.example" ollama serve`, or `launchctl setenv OLLAMA_ORIGINS …` on macOS). ' +
      'Pull a model that supports tool calls first: `ollama pull qwen2.5-coder:7b`.',
  },
  {
    id: 'lmstudio',
    label: 'LM Studio (local)',
    format: 'openai',
    baseUrl: 'http://localhost:1234/v1',
    defaultModel: '',
    needsKey: false,
    local: true,
    setupNote:
      'In LM Studio’s Developer tab, start the server and turn on “Enable CORS” so this page may call it; ' +
      'load a model that supports tool use, then pick it from the model list.',
  },
  {
    id: 'vllm',
    label: 'vLLM (local)',
    format: 'openai',
    baseUrl: 'http://localhost:8000/v1',
    defaultModel: '',
    needsKey: false,
    local: true,
    setupNote:
      'Start vLLM with this page’s origin allowed and tool calls on: ' +
      '`vllm serve MODEL --allowed-origins \'["https://tidepool.example"]\' --enable-auto-tool-choice --tool-call-parser hermes` ' +
      '(pick the parser for your model). A key is needed only if you passed --api-key.',
  },
  {
    id: 'custom',
    label: 'Custom (OpenAI-compatible)',
    format: 'openai',
    baseUrl: '',
    defaultModel: '',
    needsKey: false,
    local: false,
    setupNote:
      'Any server that speaks OpenAI Chat Completions (or choose the Anthropic format). It must answer CORS preflights from this ' +
      'page’s origin and allow the Authorization, Content-Type and x-stainless-* request headers.',
  },
];

export function getPreset(id: string): ProviderPreset | undefined {
  return presets.find((p) => p.id === id);
}

/** A ready config for a preset; `overrides` win (the key, a different model or base URL). */
export function configFromPreset(id: string, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  const preset = getPreset(id) ?? getPreset('custom')!;
  return {
    preset: preset.id,
    format: preset.format,
    baseUrl: preset.baseUrl,
    apiKey: '',
    model: preset.defaultModel,
    ...(preset.headers ? { headers: { ...preset.headers } } : {}),
    ...overrides,
  };
}
