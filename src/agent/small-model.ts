// One-shot model requests beside the conversation (WebFetch's prompt over a page): no tools, no
// history, the text collected. Their usage is reported as a side request so cost counts it but the
// context meter does not.
import { err, ok } from '../lib/result';
import type { Provider, Usage } from '../providers/types';
import type { SmallModel } from '../tools/services';

export function smallModelFrom(provider: Provider, onUsage?: (model: string, usage: Usage) => void): SmallModel {
  return async (request, signal) => {
    let text = '';
    try {
      for await (const event of provider.stream(
        {
          model: provider.model,
          system: request.system ?? '',
          messages: [{ role: 'user', content: [{ type: 'text', text: request.prompt }] }],
          tools: [],
          maxTokens: request.maxTokens ?? 4096,
        },
        signal,
      )) {
        if (event.type === 'text-delta') text += event.text;
        else if (event.type === 'usage') onUsage?.(provider.model, event.usage);
        else if (event.type === 'error') return err(`${event.error.message} ${event.error.hint}`.trim());
      }
    } catch (error) {
      return err(`The model request failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return ok({ text: text.trim(), model: provider.model });
  };
}
