// The services a session's tools get (tools/services.ts): what the app supplies (UI callbacks, the
// proxy, a search endpoint, code intelligence), completed by what the agent can provide itself: the
// task graph and background tasks it holds, a small model and web search from its provider.
import type { Provider, Usage } from '../providers/types';
import { lastLines, type BackgroundTasks } from '../tools/background/tasks';
import type { SessionMode, ToolServices } from '../tools/services';
import type { TaskGraph } from '../tools/task-graph/graph';
import type { Tool } from '../tools/types';
import { providerWebSearch } from '../tools/web/provider-search';
import { endpointWebSearch, type SearchEndpoint } from '../tools/web/search-endpoint';
import type { AgentEvent } from './events';
import { smallModelFrom } from './small-model';

export interface SessionServiceOptions {
  /** From the app: askUser, approvePlan, confirmPlanMode, web (CORS proxy), codeIntel, or overrides. */
  services?: ToolServices;
  /** A cheaper model for WebFetch's prompt and web search; default the session's. */
  smallProvider?: Provider;
  /** Where WebSearch goes when the provider cannot search: a URL template and its origin-bound key. */
  searchEndpoint?: SearchEndpoint;
}

export interface SessionState {
  provider: Provider;
  mode: SessionMode;
  taskGraph: () => TaskGraph;
  background: BackgroundTasks;
  /** Usage of side requests (small model, search), reported against the running turn. */
  onSideUsage: (model: string, usage: Usage) => void;
}

export function composeServices(options: SessionServiceOptions, session: SessionState): ToolServices {
  const app = options.services ?? {};
  const small = options.smallProvider ?? session.provider;
  const caps = session.provider.capabilities;
  const searcher = [small, session.provider].find((p) => p.capabilities?.webSearch);
  return {
    accepts: { images: caps?.images ?? false, documents: caps?.documents ?? false },
    taskGraph: session.taskGraph,
    background: session.background,
    smallModel: smallModelFrom(small, session.onSideUsage),
    webSearch: searcher
      ? providerWebSearch(searcher, session.onSideUsage)
      : options.searchEndpoint
        ? endpointWebSearch(options.searchEndpoint, app.web)
        : undefined,
    ...app,
    mode: session.mode,
  };
}

/** Which services a tool list depends on, as a key: the filtered list is rebuilt only when it changes. */
function presence(services: ToolServices): string {
  return Object.keys(services)
    .filter((k) => services[k as keyof ToolServices] !== undefined)
    .sort()
    .join(',');
}

const activeCache = new WeakMap<readonly Tool[], Map<string, Tool[]>>();

/** The tools whose services are there, as a stable array per combination (tool specs are cached by array). */
export function activeTools(tools: readonly Tool[], services: ToolServices): Tool[] {
  let byKey = activeCache.get(tools);
  if (!byKey) activeCache.set(tools, (byKey = new Map()));
  const key = presence(services);
  let list = byKey.get(key);
  if (!list) {
    list = tools.filter((t) => !t.available || t.available(services));
    byKey.set(key, list);
  }
  return list;
}

/** The model hears about a background task that ended on its own (or that the user stopped) in its next request. */
export function reportBackgroundEnds(background: BackgroundTasks, emit: (event: AgentEvent) => void): () => void {
  return background.subscribe((event) => {
    if (event.type !== 'ended' || event.task.stoppedBy === 'model') return;
    const { task } = event;
    emit({
      type: 'background-task-ended',
      taskId: task.id,
      command: task.command,
      status: task.status,
      ...(task.exitCode !== undefined ? { exitCode: task.exitCode } : {}),
      ...(task.stoppedBy === 'user' ? { stoppedBy: 'user' as const } : {}),
      tail: lastLines(task.output, 5),
      at: Date.now(),
    });
  });
}
