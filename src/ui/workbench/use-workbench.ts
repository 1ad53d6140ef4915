import { useSyncExternalStore } from 'react';
import './workbench.css';
import type { Controller } from '../controller';
import { useController } from '../use-controller';
import { workbenchFor, type Workbench, type WorkbenchState } from './workbench';

/** The controller's workbench, made the first time the app renders so it sees every turn. */
export function workbenchOf(controller: Controller): Workbench {
  return workbenchFor(controller, () => ({
    workspace: controller.workspace,
    onEvent: (listener) => controller.onEvent(listener),
    checkpointStorage: () => controller.checkpointStorage(),
    post: (action) => controller.post(action),
    onSessionTurns: (listener) => controller.onSessionTurns(listener),
  }));
}

export function useWorkbench(): { workbench: Workbench; state: WorkbenchState } {
  const workbench = workbenchOf(useController());
  const state = useSyncExternalStore(workbench.subscribe, workbench.getState, workbench.getState);
  return { workbench, state };
}
