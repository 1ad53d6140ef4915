import { lazy, Suspense } from 'react';
import type { PermissionDialogProps } from './permission-prompt';

// The dialog's body (the command, its parts, the warnings) loads with the first question: a
// question only ever comes from the agent, which loads after the first paint, so none of it
// weighs on the scripts that run before the composer.
const PermissionPrompt = lazy(() => import('./permission-prompt'));

export function PermissionDialog(props: PermissionDialogProps) {
  return (
    <Suspense fallback={null}>
      <PermissionPrompt {...props} />
    </Suspense>
  );
}
