/**
 * Atlaskit flags for the outcome of an action: success flags go away by themselves, error flags
 * stay until dismissed. Errors use the plain appearance because Atlaskit collapses the description
 * of bold flags, and the message is the part that says what to do.
 */
import { useFlags } from '@atlaskit/flag';
import StatusErrorIcon from '@atlaskit/icon/core/status-error';
import { token } from '@atlaskit/tokens';
import { useCallback, useMemo } from 'react';
import { messageOf } from './client';

export interface Notify {
  success: (title: string, description?: string) => void;
  error: (title: string, error: unknown) => void;
  /** An action that ran but did not do all it should: stays until dismissed, like an error. */
  problem: (title: string, description: string) => void;
}

export function useNotify(): Notify {
  const { showFlag } = useFlags();
  const success = useCallback(
    (title: string, description?: string) => {
      showFlag({ appearance: 'success', title, description, isAutoDismiss: true });
    },
    [showFlag],
  );
  const error = useCallback(
    (title: string, cause: unknown) => {
      showFlag({
        title,
        description: messageOf(cause),
        icon: <StatusErrorIcon label="Error" color={token('color.icon.danger')} />,
        testId: 'error-flag',
      });
    },
    [showFlag],
  );
  const problem = useCallback(
    (title: string, description: string) => {
      showFlag({
        title,
        description,
        icon: <StatusErrorIcon label="Problem" color={token('color.icon.danger')} />,
        testId: 'problem-flag',
      });
    },
    [showFlag],
  );
  return useMemo(() => ({ success, error, problem }), [success, error, problem]);
}
