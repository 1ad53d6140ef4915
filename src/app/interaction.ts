import type {
  AskUser,
  ApprovePlan,
  ConfirmPlanMode,
  PlanDecision,
  ToolServices,
  UserAnswers,
  UserQuestion,
} from '../tools/services';
import { createStore, type ReadonlyStore } from './store';

// What the agent's tools ask the user (tools/services.ts): AskUserQuestion's questions, ExitPlanMode's
// plan and EnterPlanMode's switch. Each request waits here as state until the user answers in the
// dialog the UI shows for it; a turn that stops (the signal) withdraws it and the tool hears "no
// answer". Requests of one kind queue behind each other, so a second one never hides the first.

export interface QuestionRequest {
  id: number;
  questions: UserQuestion[];
}

export interface PlanRequest {
  id: number;
  /** The plan as the model wrote it (Markdown): rendered as text, never as HTML. */
  plan: string;
}

export interface InteractionState {
  /** The questions to show now (the oldest waiting), else null. */
  question: QuestionRequest | null;
  plan: PlanRequest | null;
  /** EnterPlanMode waits for the user to agree to plan mode. */
  enterPlan: { id: number } | null;
}

export type InteractionApp = ReturnType<typeof createInteraction>;

interface Waiting<R, A> {
  request: R;
  resolve: (answer: A) => void;
}

/** One kind of request: a queue whose head is shown, answered once, and withdrawn on abort. */
function requestQueue<R extends { id: number }, A>(show: (request: R | null) => void, fallback: A) {
  const queue: Waiting<R, A>[] = [];
  const showHead = (): void => show(queue[0]?.request ?? null);
  return {
    ask(request: R, signal: AbortSignal): Promise<A> {
      if (signal.aborted) return Promise.resolve(fallback);
      return new Promise<A>((resolve) => {
        const entry: Waiting<R, A> = {
          request,
          resolve: (answer) => {
            signal.removeEventListener('abort', onAbort);
            const index = queue.indexOf(entry);
            if (index < 0) return; // answered already
            queue.splice(index, 1);
            showHead();
            resolve(answer);
          },
        };
        const onAbort = (): void => entry.resolve(fallback);
        signal.addEventListener('abort', onAbort, { once: true });
        queue.push(entry);
        if (queue.length === 1) showHead();
      });
    },
    /** Answers the request `id` if it is still waiting (a late click on a withdrawn dialog does nothing). */
    answer(id: number, answer: A): void {
      queue.find((w) => w.request.id === id)?.resolve(answer);
    },
    /** Every waiting request gets `fallback` (the session was switched). */
    clear(): void {
      for (const waiting of [...queue]) waiting.resolve(fallback);
    },
  };
}

export function createInteraction() {
  const store = createStore<InteractionState>({ question: null, plan: null, enterPlan: null });
  let ids = 0;
  const questions = requestQueue<QuestionRequest, UserAnswers>((question) => store.set({ question }), null);
  const plans = requestQueue<PlanRequest, PlanDecision>((plan) => store.set({ plan }), { approved: false });
  const enterPlans = requestQueue<{ id: number }, boolean>((enterPlan) => store.set({ enterPlan }), false);

  const askUser: AskUser = (list, signal) => questions.ask({ id: ++ids, questions: list }, signal);
  const approvePlan: ApprovePlan = (plan, signal) => plans.ask({ id: ++ids, plan }, signal);
  const confirmPlanMode: ConfirmPlanMode = (signal) => enterPlans.ask({ id: ++ids }, signal);

  return {
    store: store as ReadonlyStore<InteractionState>,
    /** What the session's tools get: with these, AskUserQuestion, ExitPlanMode and EnterPlanMode are offered. */
    services: { askUser, approvePlan, confirmPlanMode } satisfies ToolServices,

    /** The dialog's Submit (answers keyed by question text), or null when the user dismissed it. */
    answerQuestions(id: number, answers: UserAnswers): void {
      questions.answer(id, answers);
    },
    /** Approve plan (into `mode`) or Keep planning (with optional feedback). */
    decidePlan(id: number, decision: PlanDecision): void {
      plans.answer(id, decision);
    },
    decideEnterPlan(id: number, agreed: boolean): void {
      enterPlans.answer(id, agreed);
    },
    /** Withdraws every waiting request: the session they came from is no longer open. */
    clear(): void {
      questions.clear();
      plans.clear();
      enterPlans.clear();
    },
  };
}
