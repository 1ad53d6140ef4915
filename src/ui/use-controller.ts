import { createContext, useContext, useSyncExternalStore } from 'react';
import type { AppState, Controller } from './controller';

export const ControllerContext = createContext<Controller | null>(null);

export function useController(): Controller {
  const controller = useContext(ControllerContext);
  if (!controller) throw new Error('useController outside <ControllerContext.Provider>');
  return controller;
}

/** The controller's state, re-rendering when it changes. */
export function useAppState(): AppState {
  const controller = useController();
  return useSyncExternalStore(controller.subscribe, controller.getState, controller.getState);
}
